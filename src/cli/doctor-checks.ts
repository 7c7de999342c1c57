/**
 * The checks behind `headroom doctor`. Each returns ok / warn / fail / skip with what it saw and, when something is
 * wrong, the command or change that fixes it. Only `fail` makes doctor exit non-zero: a proxy with no traffic yet or
 * a missing optional model is worth knowing, not an error.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../runtimes/node-storage.ts';
import type { PrefixSpan } from '../proxy/cache-aligner.ts';
import type { RequestRecord, Totals } from '../proxy/stats.ts';
import { FORMATS } from './agents/formats.ts';
import { listWrapped } from './agents/persist.ts';
import { AGENTS } from './agents/registry.ts';
import { n, pct } from './proxy-http.ts';
import { checkHealth, type HealthCheck } from './proxy-process.ts';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

export async function proxyCheck(base: string): Promise<{ check: Check; healthy: boolean }> {
  const h = await checkHealth(base);
  if (h.state === 'healthy') {
    const { version, runtime, compression } = h.health;
    return { healthy: true, check: { name: 'proxy', status: 'ok', detail: `headroom ${version} at ${base} (${runtime ?? 'unknown runtime'}, compression ${compression === false ? 'off' : 'on'})` } };
  }
  return {
    healthy: false,
    check: {
      name: 'proxy', status: 'fail',
      detail: h.state === 'down' ? `no proxy at ${base} (${h.reason})` : `${base} is not a headroom proxy (${h.reason})`,
      fix: h.state === 'down' ? 'start one: `headroom proxy` (or `headroom wrap <agent>`), or pass --url' : 'pass the right --url, or free the port',
    },
  };
}

export function storageCheck(env: NodeJS.ProcessEnv = process.env): Check {
  const dir = dataDir(env);
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, 'ok');
    const back = readFileSync(probe, 'utf8');
    rmSync(probe, { force: true });
    if (back !== 'ok') throw new Error('read back something else');
    return { name: 'storage', status: 'ok', detail: `data dir ${dir} is writable` };
  } catch (err) {
    return {
      name: 'storage', status: 'fail', detail: `cannot write to ${dir}: ${err instanceof Error ? err.message : String(err)}`,
      fix: 'fix its permissions, or point HEADROOM_HOME at a writable directory',
    };
  }
}

/** Loads every grammar the code compressor knows, when that compressor is registered in this build. */
export async function grammarCheck(): Promise<Check> {
  const { getDefaultRegistry } = await import('../compress/registry.ts');
  if (getDefaultRegistry().compressors.code.length === 0) return { name: 'grammars', status: 'skip', detail: 'code compressor not installed' };
  const [{ createNodeGrammarLoader, WASM_DIR }, { loadGrammar, OUTLINE_LANGUAGES }] = await Promise.all([
    import('../../runtimes/node-wasm.ts'),
    import('../compress/code/index.ts'),
  ]);
  const loader = createNodeGrammarLoader();
  const failed: string[] = [];
  for (const lang of OUTLINE_LANGUAGES) if (!(await loadGrammar(loader, lang))) failed.push(lang);
  const dir = WASM_DIR.pathname;
  if (failed.length === 0) return { name: 'grammars', status: 'ok', detail: `${OUTLINE_LANGUAGES.length} tree-sitter grammars load from ${dir}` };
  return {
    name: 'grammars', status: 'fail', detail: `${failed.length} of ${OUTLINE_LANGUAGES.length} grammars do not load from ${dir}: ${failed.join(', ')}`,
    fix: 'reinstall headroom (its wasm/ folder is missing or damaged); code passes through uncompressed meanwhile',
  };
}

export async function modelCheck(): Promise<Check> {
  const { getDefaultRegistry } = await import('../compress/registry.ts');
  const text = getDefaultRegistry().compressors.text;
  if (text.length === 0) return { name: 'text model', status: 'skip', detail: 'prose compressor not installed (prose passes through unchanged)' };
  return { name: 'text model', status: 'ok', detail: `prose compressor registered: ${text.map((c) => c.name).join(', ')}` };
}

interface Pointer {
  agent: string;
  /** Where the setting lives: a config file or an environment variable. */
  source: string;
  url: string;
  durable: boolean;
}

/** Every place that points an agent somewhere: our durable wraps, the agents' config files, this shell's variables. */
function pointers(env: NodeJS.ProcessEnv): Pointer[] {
  const out: Pointer[] = [];
  for (const agent of AGENTS) {
    const spec = agent.persist;
    if (spec) {
      const file = spec.file(env);
      if (existsSync(file)) {
        try {
          for (const url of spec.pointsAt(FORMATS[spec.format].parse(readFileSync(file, 'utf8'), file))) out.push({ agent: agent.name, source: file, url, durable: true });
        } catch {
          // an unparsable config is the agent's problem; it points nowhere we can check
        }
      }
    }
    for (const v of agent.envVars) {
      const url = env[v];
      if (url && /^https?:\/\//.test(url) && !out.some((p) => p.source === `$${v}`)) out.push({ agent: agent.name, source: `$${v}`, url, durable: false });
    }
  }
  return out;
}

const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

export async function agentChecks(env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const wrapped = listWrapped(env);
  const ptrs = pointers(env);
  const checks: Check[] = [];
  const health = new Map<string, Promise<HealthCheck>>();
  const probe = (url: string) => {
    const o = origin(url);
    if (!health.has(o)) health.set(o, checkHealth(o));
    return health.get(o)!;
  };
  for (const w of wrapped) {
    if (w.file && !ptrs.some((p) => p.agent === w.agent && p.source === w.file && origin(p.url) === origin(w.base))) {
      checks.push({
        name: `agent ${w.agent}`, status: 'warn', detail: `wrapped with --persist, but ${w.file} no longer points at ${w.base}`,
        fix: `\`headroom wrap ${w.agent} --persist\` to point it back, or \`headroom unwrap ${w.agent}\` to forget it`,
      });
    }
    if (!w.file && (await probe(w.base)).state !== 'healthy') {
      checks.push({ name: `agent ${w.agent}`, status: 'fail', detail: `settings to use ${w.base} were printed for it, but no proxy answers there`, fix: `\`headroom wrap ${w.agent}\` to start it again, or \`headroom unwrap ${w.agent}\`` });
    }
  }
  for (const p of ptrs) {
    const h = await probe(p.url);
    const name = `agent ${p.agent}`;
    if (h.state === 'healthy') checks.push({ name, status: 'ok', detail: `${p.source} → ${p.url} (headroom ${h.health.version})` });
    else if (h.state === 'foreign') checks.push({ name, status: 'skip', detail: `${p.source} → ${p.url} (not a headroom proxy)` });
    else {
      checks.push({
        name, status: 'fail', detail: `${p.source} → ${p.url}, but nothing answers there (${h.reason}): ${p.agent} cannot reach its model`,
        fix: p.durable
          ? `\`headroom wrap ${p.agent} --persist --port ${new URL(origin(p.url)).port || 8787}\` starts the proxy again; \`headroom unwrap ${p.agent}\` restores the old config`
          : `start the proxy (\`headroom proxy\`) or unset ${p.source.slice(1)}`,
      });
    }
  }
  if (checks.length === 0) checks.push({ name: 'agents', status: 'skip', detail: 'no agent is pointed at a proxy durably or in this shell (`headroom wrap <agent>` wraps one run)' });
  return checks;
}

const ago = (ms: number) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : ms < 5_400_000 ? `${Math.round(ms / 60_000)} min` : ms < 172_800_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.round(ms / 86_400_000)} days`);

export function savingsCheck(totals: Totals, recent: readonly RequestRecord[], now = Date.now()): Check {
  if (totals.requests === 0) return { name: 'savings', status: 'warn', detail: 'no requests have gone through this proxy yet', fix: 'run an agent through it: `headroom wrap claude`' };
  const saved = totals.tokensBefore - totals.tokensAfter;
  const last = recent[0] ? `; last request ${ago(now - recent[0].time)} ago` : '';
  if (totals.compressedRequests === 0) {
    return { name: 'savings', status: 'warn', detail: `${n(totals.requests)} requests, none compressed yet${last}`, fix: 'expected until an agent sends large tool output; check `headroom stats` for bypassed requests or errors' };
  }
  return { name: 'savings', status: 'ok', detail: `saved ${n(saved)} of ${n(totals.tokensBefore)} tool-output tokens (${pct(saved, totals.tokensBefore)}) in ${n(totals.compressedRequests)} of ${n(totals.requests)} requests${last}` };
}

function spanText(s: PrefixSpan): string {
  return `${s.field} @${s.offset} (${s.kind}): ${s.before === undefined ? `now ${JSON.stringify(s.after)}` : `${JSON.stringify(s.before)} → ${JSON.stringify(s.after)}`}`;
}

export function cacheCheck(totals: Totals): Check {
  const p = totals.prefix;
  if (p.compared === 0) return { name: 'cache prefix', status: 'skip', detail: 'no session has sent two requests yet' };
  if (p.volatile === 0) return { name: 'cache prefix', status: 'ok', detail: `no volatile content in the cached prefix (${n(p.compared)} requests compared)` };
  const spans = p.recent.slice(0, 5).map((v) => `\n    ${v.model ?? v.provider}: ${spanText(v.span)}`).join('');
  return {
    name: 'cache prefix', status: 'warn',
    detail: `volatile content changed the cached prefix in ${n(p.volatile)} of ${n(p.compared)} requests, turning cache reads into cache writes:${spans}`,
    fix: 'move timestamps, ids and hashes out of the system prompt and tool definitions (e.g. into the latest user message)',
  };
}
