/**
 * `headroom doctor [--json]`: is the proxy up, can we store data, do the grammars load, which agents point where
 * (and at a live proxy), are savings flowing, and is volatile content defeating the provider's prompt cache.
 * Exits 1 when any check fails.
 */
import { defineCommand } from 'citty';
import type { RequestRecord, Totals } from '../../proxy/stats.ts';
import { rejectUnknownFlags } from '../args.ts';
import { agentChecks, cacheCheck, grammarCheck, modelCheck, proxyCheck, savingsCheck, storageCheck, type Check } from '../doctor-checks.ts';
import { guard } from '../errors.ts';
import { getProxyJson, urlArg } from '../proxy-http.ts';

const args = {
  url: urlArg,
  json: { type: 'boolean', default: false, description: 'Print the checks as JSON' },
} as const;

const MARK: Record<Check['status'], string> = { ok: '✓', warn: '!', fail: '✗', skip: '–' };

async function safely(name: string, run: () => Promise<Check | Check[]>): Promise<Check[]> {
  try {
    const r = await run();
    return Array.isArray(r) ? r : [r];
  } catch (err) {
    return [{ name, status: 'fail', detail: `the check itself failed: ${err instanceof Error ? err.message.replace(/^headroom: /, '') : String(err)}` }];
  }
}

export async function runChecks(base: string): Promise<Check[]> {
  const proxy = await proxyCheck(base);
  const checks: Check[] = [proxy.check, storageCheck()];
  checks.push(...(await safely('grammars', grammarCheck)), ...(await safely('text model', modelCheck)), ...(await safely('agents', () => agentChecks())));
  if (proxy.healthy) {
    checks.push(...(await safely('savings', async () => {
      const { totals, recent } = (await getProxyJson(base, '/stats?limit=1')) as { totals: Totals; recent: RequestRecord[] };
      return [savingsCheck(totals, recent), cacheCheck(totals)];
    })));
  } else {
    checks.push({ name: 'savings', status: 'skip', detail: 'needs a running proxy' });
  }
  return checks;
}

export function renderChecks(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return `${checks.map((c) => `${MARK[c.status]} ${c.name.padEnd(width)}  ${c.detail}${c.fix ? `\n  ${' '.repeat(width)}  fix: ${c.fix}` : ''}`).join('\n')}\n`;
}

export default defineCommand({
  meta: { name: 'doctor', description: 'Check the proxy, storage, grammars, wrapped agents, savings and prompt-cache health' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const checks = await runChecks(a.url);
      const ok = checks.every((c) => c.status !== 'fail');
      process.stdout.write(a.json ? `${JSON.stringify({ ok, checks }, null, 2)}\n` : renderChecks(checks));
      if (!ok) process.exitCode = 1;
    }),
});
