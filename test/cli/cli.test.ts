/** The real `headroom` bin, end to end (built by `npm test` / `npm ci` before this runs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { serviceLog } from '../fixtures/bodies.ts';

const home = mkdtempSync(join(tmpdir(), 'headroom-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['bin/headroom.mjs', ...args], {
    input, env: { ...process.env, HEADROOM_HOME: home }, encoding: 'utf8', timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const log = serviceLog(3000, 1717);
const logFile = join(home, 'service.log');
writeFileSync(logFile, log);

describe('headroom CLI', () => {
  it('prints its version and help', () => {
    expect(run(['--version'])).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('compress');
    expect(help.out).toContain('retrieve');
  });

  it('compresses a file, and retrieve gives the original back byte-for-byte', () => {
    const r = run(['compress', logFile, '--query', 'why did ord_8812 fail']);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(log.length / 5);
    expect(r.out).toContain('charge failed: upstream timeout after 30000ms (order=ord_8812)');
    const id = /id=([0-9a-f]{32})\]/.exec(r.out)?.[1];
    expect(id).toBeDefined();
    const back = run(['retrieve', id!]);
    expect(back.code).toBe(0);
    expect(back.out).toBe(log);
  });

  it('reads stdin and prints the full result with --json', () => {
    const r = run(['compress', '-', '--json'], log);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['text', 'kind', 'tokensBefore', 'tokensAfter', 'lossy', 'ids', 'decisions']);
    expect(j.kind).toBe('log');
    expect(j.tokensAfter).toBeLessThan(j.tokensBefore);
    expect(j.decisions[0]).toMatchObject({ kind: 'log', outcome: 'applied' });
  });

  it('honours --kind', () => {
    const r = run(['compress', '--kind', 'text', '--json'], log);
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'text', lossy: false, text: log });
  });

  it.each([
    [['retrieve', 'f'.repeat(32)], /^headroom: no original stored under id f{32}/],
    [['retrieve', 'not-an-id'], /^headroom: "not-an-id" is not a headroom id/],
    [['compress', join(home, 'missing.txt')], /^headroom: cannot read .*missing\.txt: no such file/],
    [['compress', '--kind', 'bogus'], /^headroom: unknown kind "bogus"/],
    [['compress', '--frobnicate'], /^headroom: unknown option --frobnicate/],
    [['frobnicate'], /^headroom: unknown command "frobnicate"/],
  ])('fails with one clear line: %j', (args, message) => {
    const r = run(args, '');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses binary and invalid UTF-8 input', () => {
    const bin = run(['compress'], Buffer.from([0x41, 0x00, 0x42]));
    expect(bin.code).toBe(1);
    expect(bin.err).toMatch(/looks binary/);
    const bad = run(['compress'], Buffer.from([0x41, 0xff, 0xfe, 0x42]));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not valid UTF-8/);
  });
});
