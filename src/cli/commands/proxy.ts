/** `headroom proxy`: run the gateway on this machine (data stays local; fs storage by default). */
import { defineCommand } from 'citty';
import { serveNode } from '../../../runtimes/node.ts';
import type { LogLevel } from '../../platform.ts';
import { resolveConfig } from '../../proxy/config.ts';
import { rejectUnknownFlags } from '../args.ts';
import { CliError, guard } from '../errors.ts';

const args = {
  port: { type: 'string', default: '8787', description: 'Port to listen on' },
  host: { type: 'string', default: '127.0.0.1', description: 'Interface to bind' },
  'anthropic-upstream': { type: 'string', description: 'Anthropic API base URL (default https://api.anthropic.com)' },
  'openai-upstream': { type: 'string', description: 'OpenAI API base URL (default https://api.openai.com)' },
  store: { type: 'string', default: 'fs', description: 'fs (under the data dir) or memory' },
  'log-level': { type: 'string', default: 'info', description: 'silent, error, warn, info or debug' },
  'no-compress': { type: 'boolean', default: false, description: 'Pass everything through unchanged (still observed)' },
  memory: { type: 'boolean', default: false, description: 'Offer the shared memory tools (memory_save / memory_search) to the model' },
} as const;

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

export default defineCommand({
  meta: { name: 'proxy', description: 'Run the compression gateway for Claude Code, Codex and other agents' },
  args,
  run: ({ args: a, rawArgs }) =>
    guard(async () => {
      rejectUnknownFlags(rawArgs, args);
      const port = Number(a.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got "${a.port}"`);
      if (a.store !== 'fs' && a.store !== 'memory') throw new CliError(`--store must be fs or memory, got "${a.store}"`);
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
      let running;
      try {
        running = await serveNode({ port, hostname: a.host, store: a.store, logLevel, config });
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new CliError(code === 'EADDRINUSE' ? `port ${port} is already in use (another headroom proxy?)` : `cannot listen on ${a.host}:${port}: ${String(err)}`);
      }
      const base = `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${running.port}`;
      process.stdout.write(
        [
          `headroom proxy listening on ${base} (store: ${a.store}, upstreams: ${config.upstreams.anthropic}, ${config.upstreams.openai})`,
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
