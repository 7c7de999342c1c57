import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMarker } from '../../../src/ccr/marker.ts';
import { createContext } from '../../../src/compress/context.ts';
import { DETECTORS } from '../../../src/compress/registry.ts';
import { detectKind } from '../../../src/compress/router/detect.ts';
import { parseColumnar } from '../../../src/compress/table/columnar-parse.ts';
import { createTableCompressor, NAME, tableDetector } from '../../../src/compress/table/index.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { dfH, dockerPs, kubectlPods, lsLib, lsRecursive, psAux } from '../../fixtures/table/command-output.ts';
import { runCompressorContract } from '../contract.ts';

const run = (text: string, opts: Parameters<typeof createTableCompressor>[0] = {}, query?: string) =>
  createTableCompressor(opts).compress({ text, kind: 'table', hints: {} }, createContext({ query }));
const lineWith = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle))!;

const lib = lsLib();
const tree = lsRecursive();
const ps = psAux(300, 211, 77);
const pods = kubectlPods(60, [17, 42]);

runCompressorContract(
  createTableCompressor(),
  [
    {
      name: 'ls -la of a lib dir (query)',
      kind: 'table',
      text: lib,
      query: 'How large is lib.dom.d.ts?',
      gold: [lineWith(lib, ' lib.dom.d.ts'), 'total 6668'],
    },
    {
      name: 'ls -laR with nested dirs (query)',
      kind: 'table',
      text: tree,
      query: 'what is in config.schema.json',
      gold: ['pkg:', 'pkg/dist:', 'pkg/dist/esm:', 'pkg/src:', lineWith(tree, 'config.schema.json')],
    },
    {
      name: 'ps aux with a zombie and a hot process',
      kind: 'table',
      text: ps,
      gold: [lineWith(ps, '<defunct>'), lineWith(ps, ' 98.7 '), lineWith(ps, 'USER ')],
    },
    {
      name: 'kubectl get pods -o wide with two crashing pods',
      kind: 'table',
      text: pods,
      gold: [...pods.split('\n').filter((l) => l.includes('CrashLoopBackOff')), lineWith(pods, 'NAME ')],
    },
    { name: 'df -h (lossless)', kind: 'table', text: dfH(), gold: ['/dev/vda1 59G 41G 16G 73% /etc/hosts'] },
  ],
  [{ name: 'docker ps too small to pay', kind: 'table', text: dockerPs(), gold: [] }],
);

describe(`${NAME}: command output`, () => {
  it('keeps every dir: header of ls -laR with per-directory omission counts', () => {
    const out = run(tree)!;
    expect(out.lossy).toBe(true);
    const lines = out.text.split('\n');
    for (const dir of ['pkg:', 'pkg/dist:', 'pkg/dist/esm:', 'pkg/src:']) expect(lines).toContain(dir);
    // Every kept entry is a verbatim line of the input; every other line is a header, a total, a blank or our note.
    const source = new Set(tree.split('\n'));
    for (const l of lines) expect(source.has(l) || /^\[… /.test(l) || hasMarker(l)).toBe(true);
    const omitted = lines.filter((l) => /^\[… \d+ entr(?:y|ies) …\]$/.test(l)).reduce((a, l) => a + Number(/\d+/.exec(l)![0]), 0);
    const kept = lines.filter((l) => source.has(l) && /^[-dl]r/.test(l)).length;
    expect(omitted + kept).toBe(parseColumnar(tree)!.rows.length);
    expect(lines.at(-1)).toMatch(/^\[headroom: kept 20 of 110 entries · id=/);
  });

  it('keeps both CrashLoopBackOff pods and says how many rows were dropped', () => {
    const out = run(pods, { maxRows: 6 })!;
    expect(out.text.match(/CrashLoopBackOff/g)).toHaveLength(2);
    expect(out.text).toContain('[… 54 of 60 rows omitted — NAME: 54 distinct values; READY: 1/1 ×54; STATUS: Running ×54;');
  });

  it('factors out constant columns of a small ls -la losslessly', () => {
    const text = [
      'total 64',
      'drwxr-xr-x  3 root root  4096 Nov 25 08:09 .',
      'drwxr-xr-x 14 root root  4096 Nov 25 08:09 ..',
      '-rw-r--r--  1 root root  1675 Nov 25 08:09 index.d.ts',
      'lrwxrwxrwx  1 root root     8 Nov 25 08:09 main.js -> index.js',
      '-rw-r--r--  1 root root   812 Nov 25 08:09 My Notes.txt',
      '-rw-r--r--  1 root root  1071 Nov 25 08:09 LICENSE',
      'drwxr-xr-x  2 root root  4096 Nov 25 08:09 bin',
    ].join('\n');
    expect(run(text)).toEqual({
      text: [
        'total 64',
        '[all rows: owner=root group=root date="Nov 25" time=08:09 · columns: mode links size name]',
        'drwxr-xr-x 3 4096 .',
        'drwxr-xr-x 14 4096 ..',
        '-rw-r--r-- 1 1675 index.d.ts',
        'lrwxrwxrwx 1 8 main.js -> index.js',
        '-rw-r--r-- 1 812 My Notes.txt',
        '-rw-r--r-- 1 1071 LICENSE',
        'drwxr-xr-x 2 4096 bin',
      ].join('\n'),
      lossy: false,
    });
    // Dates that differ stay in the rows; a listing whose rewrite saves < 15% is left alone.
    expect(run(text.replace('Nov 25 08:09 LICENSE', 'Nov  5  2023 LICENSE').replace(/ 08:09 (bin|\.\.)/g, ' 08:16 $1'))).toBeNull();
  });

  it('re-joins header tables with single spaces, or with " | " when a cell or name holds spaces', () => {
    expect(run(dfH())!.text).toBe(
      'Filesystem Size Used Avail Use% Mounted on\noverlay 59G 41G 16G 73% /\ntmpfs 64M 0 64M 0% /dev\nshm 64M 0 64M 0% /dev/shm\n/dev/vda1 59G 41G 16G 73% /etc/hosts\ntmpfs 3.9G 0 3.9G 0% /proc/acpi',
    );
    const out = run(kubectlPods(10, [3]))!;
    expect(out.lossy).toBe(false);
    expect(out.text.split('\n').slice(0, 3)).toEqual([
      '[all rows: AGE=3d2h "NOMINATED NODE"=<none>]',
      'NAME | READY | STATUS | RESTARTS | IP | NODE | READINESS GATES',
      'api-7f9crs-1000 | 1/1 | Running | 0 | 10.244.0.39 | node-pool-a-1 | <none>',
    ]);
    expect(out.text).toContain('billing-7f9cuv-12b3 | 0/1 | CrashLoopBackOff | 17 (2m3s ago) | 10.244.3.156 | node-pool-a-0 | <none>');
    const docker = parseColumnar(dockerPs())!;
    expect(docker.columns).toEqual(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']);
    expect(docker.rows[2]!.cells).toEqual(['c3d4e5f6a7b8', 'redis:7', '"docker-entrypoint.s…"', '2 hours ago', 'Exited (137) 5 minutes ago', '', 'cache']);
  });

  it('parses top -bn1 below its summary, and du, and pip list', () => {
    const top = ['top - 10:14:03 up 3 days,  2:11,  0 users,  load average: 1.02, 0.87, 0.80', '',
      '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
      '      1 root      20   0   21876  12744   9528 S   0.0   0.1   0:02.11 systemd',
      '    812 app       20   0 1284412 219876  41236 R  97.3   1.3  41:17.02 node --max-old-space-size=4096 worker.js',
      '    902 root      20   0    7788   3400   2900 R   0.0   0.0   0:00.00 top'].join('\n');
    const t = parseColumnar(top)!;
    expect(t.headerLine).toBe(2);
    expect(t.rows[1]!.cells).toEqual(['812', 'app', '20', '0', '1284412', '219876', '41236', 'R', '97.3', '1.3', '41:17.02', 'node --max-old-space-size=4096 worker.js']);
    expect(parseColumnar('4.0K\t./bin\n1.2M\t./lib/my dir\n22M\t./lib\n23M\t.\n')!.rows[1]!.cells).toEqual(['1.2M', './lib/my dir']);
    const pip = parseColumnar('Package    Version\n---------- -------\nidna       3.10\npip        24.2\nrequests   2.32.3\n')!;
    expect([pip.ruleLine, pip.rows.length, pip.rows[2]!.cells]).toEqual([1, 3, ['requests', '2.32.3']]);
  });

  it('splits columns merged by an overflowing value (ps VSZ)', () => {
    const text = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
      'root           1  0.0  0.1 167744 11812 ?        Ss   Nov24   0:04 /sbin/init',
      'app        44321  2.1 18.0 12345678901234 2923412 ?    Sl   Nov24  81:22 java -jar app.jar',
      'root           2  0.0  0.0      0     0 ?        S    Nov24   0:00 [kthreadd]'].join('\n');
    const t = parseColumnar(text)!;
    expect(t.columns).toContain('RSS');
    expect(t.rows[1]!.cells.slice(0, 6)).toEqual(['app', '44321', '2.1', '18.0', '12345678901234', '2923412']);
  });

  it('output is deterministic, never larger, and keeps every name (random ls listings)', () => {
    const name = fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}(?: [a-z]{1,5})?(?: -> [a-z/]{1,10})?$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.nat(99999), fc.boolean()), { minLength: 2, maxLength: 60 }), fc.nat(30), (entries, maxRows) => {
        const text = entries
          .map(([n, size, dir]) => `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} ${dir ? ' 2' : ' 1'} root root ${String(size).padStart(5)} Nov 25 08:09 ${n}`)
          .join('\n');
        const a = run(text, { maxRows: maxRows + 1 });
        expect(a).toEqual(run(text, { maxRows: maxRows + 1 }));
        if (!a) return;
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(text));
        if (a.lossy) expect(hasMarker(a.text)).toBe(true);
        else for (const [n] of entries) expect(a.text).toContain(` ${n}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe(`${NAME}: command output detection`, () => {
  const grep = Array.from({ length: 30 }, (_, i) => `src/app/file${i}.ts:${i + 3}:  const ps = spawn("ps", ["aux"]);`).join('\n');
  const log = Array.from({ length: 30 }, (_, i) => `2024-01-01T10:00:${String(i).padStart(2, '0')}Z INFO  worker ${i}  started   in  ${i}ms`).join('\n');
  const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n-drwxr-xr-x  2 root root 4096 Nov 25 08:09 a\n+drwxr-xr-x  3 root root 4096 Nov 25 08:09 a\n context\n';
  const code = 'export function ls(dir: string) {\n  const rows = readdirSync(dir);\n  return rows.map((r) => r.name);\n}\n';
  const prose = 'The USER PID column shows the owner.\nNAME READY STATUS are printed by kubectl.\nTotal 3 things.\n';

  it('claims ls, ps, kubectl, docker, df, du with 0.7–0.85 and the router routes them to table', () => {
    for (const text of [lib, tree, ps, pods, dfH(), dockerPs(), '4.0K\t./bin\n1.2M\t./lib/cs\n22M\t./lib\n23M\t.\n']) {
      const s = tableDetector.detect(text, {});
      expect(s).toBeGreaterThanOrEqual(0.7);
      expect(s).toBeLessThanOrEqual(0.85);
      expect(detectKind(text, { toolName: 'Bash' }, DETECTORS).kind).toBe('table');
    }
    expect(detectKind(lib, { toolName: 'Bash', command: 'ls -la lib' }, DETECTORS).kind).toBe('table');
  });

  it('does not claim grep output, logs, diffs, code or prose', () => {
    for (const text of [grep, log, diff, code, prose]) expect(tableDetector.detect(text, { command: 'ls -la' })).toBeLessThan(0.5);
    expect(detectKind(grep, {}, DETECTORS).kind).toBe('search');
    expect(detectKind(log, {}, DETECTORS).kind).toBe('log');
    expect(detectKind(diff, {}, DETECTORS).kind).toBe('diff');
  });
});
