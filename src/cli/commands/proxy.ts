/** `headroom proxy`: run the gateway on this machine (data stays local; fs storage by default). */
import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { serveNode } from '../../../runtimes/node.ts';
import { textScorerProblem } from '../../../runtimes/node-models.ts';
import { createRegistry } from '../../compress/registry.ts';
import { parseStoreSpec, redactStoreUrl } from '../../../runtimes/node-storage.ts';
import { KeyTableError, parseKeyTable, type KeyTable } from '../../auth/keys.ts';
import { HeadroomError } from '../../errors.ts';
import type { LogLevel } from '../../platform.ts';
import { resolveConfig } from '../../proxy/config.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';
import { tuneHeapForServer } from '../heap.ts';

const args = {
  port: { type: 'string', default: '8787', description: 'Port to listen on' },
  host: { type: 'string', default: '127.0.0.1', description: 'Interface to bind' },
  'anthropic-upstream': { type: 'string', description: 'Anthropic API base URL (default https://api.anthropic.com)' },
  'openai-upstream': { type: 'string', description: 'OpenAI API base URL (default https://api.openai.com)' },
  store: { type: 'string', description: 'fs (under the data dir; default), memory, or redis://host:port/db to share state between gateways (env HEADROOM_STORE)' },
  keys: { type: 'string', description: 'Gateway keys file, one "hrk_… [tenant] [budget=N] [admin]" per line (env HEADROOM_KEYS: the same lines); required off loopback' },
  'log-bodies': { type: 'boolean', default: false, description: 'Log request bodies (off: only ids, paths and sizes are logged)' },
  instance: { type: 'string', description: 'Name of this process among gateways sharing one Redis (default: host name and port)' },
  'log-level': { type: 'string', default: 'info', description: 'silent, error, warn, info or debug' },
  'no-compress': { type: 'boolean', default: false, description: 'Pass everything through unchanged (still observed)' },
  memory: { type: 'boolean', default: false, description: 'Offer the shared memory tools (memory_save / memory_search) to the model' },
  'text-scorer': { type: 'string', description: 'Prose word scorer: frequency (default), onnx, or a model folder in models/' },
} as const;

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

/** Loopback binds keep today's behaviour (no keys); anything else is reachable by others. */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `--keys FILE`, else HEADROOM_KEYS (the file's lines, or comma-separated entries); undefined when neither. */
async function loadKeys(file: string | undefined): Promise<KeyTable | undefined> {
  let text = process.env.HEADROOM_KEYS;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read --keys ${file}: ${(err as { code?: string }).code ?? String(err)}`);
    }
  }
  if (text === undefined || (!file && text.trim() === '')) return undefined;
  try {
    return await parseKeyTable(text, process.env);
  } catch (err) {
    if (err instanceof KeyTableError) throw new CliError(`${file ? `--keys ${file}` : 'HEADROOM_KEYS'}: ${err.message.replace(/^headroom keys: /, '')}`);
    throw err;
  }
}

export default defineCommand({
  meta: { name: 'proxy', description: 'Run the compression gateway for Claude Code, Codex and other agents' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const port = Number(a.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got "${a.port}"`);
      const storeArg = a.store || process.env.HEADROOM_STORE || 'fs';
      const store = parseStoreSpec(storeArg);
      if (!store) throw new CliError(`--store must be fs, memory or redis://host:port/db, got "${redactStoreUrl(storeArg)}"`);
      const keys = await loadKeys(a.keys);
      if (!keys && !isLoopback(a.host)) {
        throw new CliError(`refusing to listen on ${a.host} without gateway keys: pass --keys FILE or set HEADROOM_KEYS (see README, "Team gateway")`);
      }
      const scorer = a['text-scorer'];
      const scorerProblem = scorer ? textScorerProblem(scorer) : undefined;
      if (scorerProblem) throw new CliError(scorerProblem);
      const logLevel = a['log-level'] as LogLevel;
      if (!LEVELS.includes(logLevel)) throw new CliError(`--log-level must be one of ${LEVELS.join(', ')}`);
      const config = resolveConfig({
        upstreams: {
          ...(a['anthropic-upstream'] ? { anthropic: a['anthropic-upstream'] } : {}),
          ...(a['openai-upstream'] ? { openai: a['openai-upstream'] } : {}),
        },
        compression: !a['no-compress'],
        ...(a.memory ? { memory: true } : {}),
      });
      tuneHeapForServer();
      let running;
      try {
        running = await serveNode({
          port, hostname: a.host, store, logLevel, config,
          ...(keys ? { gateway: { keys, logBodies: a['log-bodies'] } } : {}),
          ...(a.instance ? { instance: a.instance } : {}),
          ...(scorer ? { registry: createRegistry({ text: { scorer } }) } : {}),
        });
      } catch (err) {
        if (err instanceof HeadroomError) throw err;
        const code = (err as { code?: string }).code;
        throw new CliError(code === 'EADDRINUSE' ? `port ${port} is already in use (another headroom proxy?)` : `cannot listen on ${a.host}:${port}: ${String(err)}`);
      }
      const base = `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${running.port}`;
      process.stdout.write(
        [
          `headroom proxy listening on ${base} (store: ${redactStoreUrl(store)}, upstreams: ${config.upstreams.anthropic}, ${config.upstreams.openai})`,
          ...(keys ? [`  Gateway keys: ${keys.entries.length} (${keys.entries.map((k) => `${k.id} → ${k.tenant}${k.admin ? ', admin' : ''}`).join('; ')}); send x-headroom-key`] : []),
          `  Claude Code:  ANTHROPIC_BASE_URL=${base} claude`,
          `  Codex:        codex -c model_providers.headroom.base_url=${base}/v1 -c model_providers.headroom.wire_api=responses -c model_provider=headroom`,
          `  OpenAI SDKs:  OPENAI_BASE_URL=${base}/v1`,
          `  Stats:        ${base}/stats`,
          '',
        ].join('\n'),
      );
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
});
