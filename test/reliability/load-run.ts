/**
 * `npm run test:load`: the full load run (200 concurrent streaming sessions, 60 s of warm-up then 180 s measured,
 * loopback only). Exits non-zero on any failed request, any stream not byte-identical, or an RSS trend over the
 * measured run above the bound below. HEADROOM_LOAD_{SECONDS,SESSIONS,WARMUP_SECONDS,THINK_MS} change the shape.
 */
import { formatReport, runLoad } from './load.ts';

/** RSS growth after warm-up that counts as a trend (MB per minute); GC noise on a steady proxy stays well below. */
const MAX_SLOPE_MB_PER_MIN = 20;

const seconds = Number(process.env.HEADROOM_LOAD_SECONDS ?? 180);
const sessions = Number(process.env.HEADROOM_LOAD_SESSIONS ?? 200);
const warmupSeconds = Number(process.env.HEADROOM_LOAD_WARMUP_SECONDS ?? 60);
const thinkMs = process.env.HEADROOM_LOAD_THINK_MS ? Number(process.env.HEADROOM_LOAD_THINK_MS) : undefined;
const report = await runLoad({ seconds, sessions, warmupSeconds, ...(thinkMs !== undefined ? { thinkMs } : {}) });
process.stdout.write(`${formatReport(report)}\n  RSS samples (MB): ${report.rssMb.samples.join(' ')}\n`);
const ok = report.failed === 0 && report.mismatched === 0 && report.rssMb.slopeMbPerMin <= MAX_SLOPE_MB_PER_MIN;
process.stdout.write(ok ? 'load: OK\n' : `load: FAILED${report.rssMb.slopeMbPerMin > MAX_SLOPE_MB_PER_MIN ? ` (RSS trend ${report.rssMb.slopeMbPerMin} MB/min > ${MAX_SLOPE_MB_PER_MIN})` : ''}\n`);
process.exit(ok ? 0 : 1);
