/** `--text-scorer` on the real `headroom` bin: refused when it cannot work, used by the proxy when it can. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../proxy/fake-upstream.ts';
import { spawnGateway } from '../runtimes/spawn.ts';

const home = mkdtempSync(join(tmpdir(), 'headroom-scorer-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = { ...process.env, HEADROOM_HOME: home, HEADROOM_KEYS: '', HEADROOM_STORE: '' };

const prose = Array.from({ length: 30 }, (_, i) =>
  `The deployment of release ${i} finished after the team reviewed the migration plan and agreed that the rollback steps were not needed this time.`,
).join(' ');
const body = JSON.stringify({
  model: 'claude-x', max_tokens: 5, messages: [
    { role: 'user', content: 'what changed in the last releases?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'docs/releases.md' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: prose }] },
  ],
});

describe('--text-scorer', () => {
  it('an unknown scorer is a one-line error with exit 1, for compress and for proxy', () => {
    for (const args of [['compress', '-', '--text-scorer', 'bogus'], ['proxy', '--port', '0', '--text-scorer', 'bogus']]) {
      const r = spawnSync(process.execPath, ['bin/headroom.mjs', ...args], { input: prose, env, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--text-scorer must be frequency, onnx, or a folder under models\/.*"bogus" has no bogus\/model\.onnx/);
    }
  });

  it('the proxy compresses prose with the scorer it was given', async () => {
    const upstream = await startFakeUpstream();
    upstream.script({ kind: 'json', body: { id: 'msg_1', usage: { input_tokens: 1, output_tokens: 1 } } });
    const proxy = await spawnGateway(process.execPath, ['bin/headroom.mjs', 'proxy', '--port', '0', '--store', 'memory', '--log-level', 'warn',
      '--text-scorer', 'onnx', '--anthropic-upstream', upstream.url, '--openai-upstream', upstream.url], { env: { HEADROOM_KEYS: '', HEADROOM_STORE: '' }, timeoutMs: 20_000 });
    try {
      const res = await proxy.fetch('/v1/messages', {
        method: 'POST', body,
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' },
      });
      expect(res.status).toBe(200);
      const sent = upstream.requests.at(-1)!.body.toString('utf8');
      expect(sent).toContain('(onnx scorer)');
      expect(sent.length).toBeLessThan(body.length);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  }, 30_000);
});
