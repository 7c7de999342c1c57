import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createJsonCompressor, jsonDetector, NAME } from '../../../src/compress/json/index.ts';
import { parseJson } from '../../../src/compress/json/parse.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { runCompressorContract } from '../contract.ts';

/** Log-like rows: a heartbeat pattern with planted rows at given positions. */
function logRows(n: number, planted: Record<number, Record<string, unknown>> = {}) {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) rows.push(planted[i] ?? { seq: i, level: 'INFO', status: 'ok', msg: `poll tick ${i}` });
  return rows;
}
const pretty = (v: unknown) => JSON.stringify(v, null, 2);
const run = (text: string, opts: Parameters<typeof createJsonCompressor>[0] = {}, query?: string) =>
  createJsonCompressor(opts).compress({ text, kind: 'json', hints: {} }, createContext({ query }));
/** The number in "(kept N)" of a section header. */
const keptRows = (out: string) => Number(/\(kept (\d+)\)/.exec(out)?.[1] ?? NaN);

runCompressorContract(
  createJsonCompressor(),
  [
    {
      name: 'array with one error among 300 rows',
      kind: 'json',
      text: pretty(logRows(300, { 211: { seq: 211, level: 'ERROR', status: 'failed', msg: 'disk full on /var/lib/db' } })),
      gold: ['disk full on /var/lib/db', '"poll tick 0"', '"poll tick 299"'],
    },
    {
      name: 'NDJSON with a 5xx',
      kind: 'json',
      text: Array.from({ length: 120 }, (_, i) =>
        JSON.stringify({ path: `/api/items/${i}`, code: i === 77 ? 503 : 200, ms: 20 + (i % 5) }),
      ).join('\n'),
      gold: ['"/api/items/77"', '503'],
    },
    {
      name: 'API envelope with items',
      kind: 'json',
      text: pretty({ page: 1, total: 80, items: logRows(80, { 40: { seq: 40, level: 'WARN', status: 'retry', msg: 'slow upstream' } }) }),
      query: 'upstream',
      gold: ['"page":1', '"total":80', 'slow upstream'],
    },
    {
      name: 'lossless pretty JSON',
      kind: 'json',
      text: pretty({ name: 'headroom', version: '0.1.0', nested: { list: [1, 2, 3], flag: true } }),
      gold: ['"version":"0.1.0"', '[1,2,3]'],
    },
  ],
  [
    { name: 'not JSON', kind: 'json', text: 'hello {world}', gold: [] },
    { name: 'truncated JSON', kind: 'json', text: '{"a": [1, 2', gold: [] },
    { name: 'already minified, nothing to gain', kind: 'json', text: '{"a":1,"b":[1,2]}', gold: [] },
    { name: 'log line starting with a bracket', kind: 'json', text: '[INFO] started\n[INFO] done', gold: [] },
  ],
);

describe(`${NAME}: lossless encoding`, () => {
  it('minifies, keeping key order and numbers/escapes exactly as written', () => {
    const text = '{\n  "z": 1.0,\n  "a": 12345678901234567890,\n  "s": "caf\\u00e9 \\"q\\"",\n  "e": 1E+3\n}';
    expect(run(text)).toEqual({ text: '{"z":1.0,"a":12345678901234567890,"s":"caf\\u00e9 \\"q\\"","e":1E+3}', lossy: false });
  });

  it('writes a uniform array as a table', () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: i, name: `user ${i}`, active: i % 2 === 0, score: 1.5 * i }));
    const out = run(pretty(rows));
    expect(out?.lossy).toBe(false);
    expect(out?.text).toMatchInlineSnapshot(`
      "[table of 6 objects; header = keys, cells = JSON values]
      id,name,active,score
      0,"user 0",true,0
      1,"user 1",false,1.5
      2,"user 2",true,3
      3,"user 3",false,4.5
      4,"user 4",true,6
      5,"user 5",false,7.5"
    `);
  });

  it('marks absent keys as empty cells and keeps commas inside strings unambiguous', () => {
    const rows = [
      { id: 1, tag: 'a,b', note: 'x' },
      { id: 2, tag: 'c' },
      { id: 3, tag: 'd', note: 'y' },
      { id: 4, tag: 'e', note: 'z' },
      { id: 5, tag: 'f', note: 'w' },
      ...Array.from({ length: 8 }, (_, i) => ({ id: 6 + i, tag: 'g', note: 'v' })),
    ];
    const out = run(pretty(rows))!.text;
    expect(out).toContain('empty cell = key absent');
    expect(out).toContain('1,"a,b","x"');
    expect(out).toContain('2,"c",\n');
  });

  it('does not tabulate objects whose keys come in different orders', () => {
    const out = run(pretty([{ a: 1, b: 2 }, { b: 3, a: 4 }, { a: 5, b: 6 }, { a: 7, b: 8 }]))!;
    expect(out.text).toBe('[{"a":1,"b":2},{"b":3,"a":4},{"a":5,"b":6},{"a":7,"b":8}]');
  });

  it('rejects NDJSON of scalars and accepts NDJSON of objects', () => {
    expect(parseJson('1\n2\n3')).toBeNull();
    expect(parseJson('{"a":1}\n{"a":2}')?.docs).toHaveLength(2);
    expect(parseJson('{"a":1} {"a":2}')).toBeNull();
  });
});

describe(`${NAME}: row selection`, () => {
  // Our own anchor-like cases: 30 log-ish rows, a question, the evidence that must survive a tight row cap.
  const cases = [
    {
      name: 'disk full',
      rows: logRows(30, { 22: { seq: 22, level: 'FATAL', status: 'failed', msg: 'no space left on device /dev/sda1' } }),
      question: 'Why did the database crash?',
      cap: 8,
      evidence: ['no space left on device /dev/sda1'],
    },
    {
      name: 'rare event template',
      rows: logRows(30, {
        6: { seq: 6, level: 'INFO', status: 'ok', msg: 'config reloaded from etcd revision 991' },
        25: { seq: 25, level: 'ERROR', status: 'failed', msg: 'lease lost, shutting down' },
      }),
      question: 'What went wrong?',
      cap: 8,
      evidence: ['config reloaded from etcd revision 991', 'lease lost, shutting down'],
    },
    {
      name: 'memory anomaly in one pod',
      rows: Array.from({ length: 30 }, (_, i) => ({ pod: i === 11 ? 'api-7f9c' : 'api-1a2b', rss_mb: i === 11 ? 31337 : 500 + (i % 9), ok: true })),
      question: 'Which pod used too much memory?',
      cap: 8,
      evidence: ['api-7f9c', '31337'],
    },
    {
      name: 'query names an id',
      rows: Array.from({ length: 30 }, (_, i) => ({ order: `ord-${1000 + i}`, state: 'shipped', items: 1 + (i % 3) })),
      question: 'What happened to order ord-1017?',
      cap: 6,
      evidence: ['ord-1017'],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: evidence kept within a cap of ${c.cap} rows`, () => {
      const out = run(pretty(c.rows), { maxRows: c.cap }, c.question)!;
      expect(out.lossy).toBe(true);
      expect(keptRows(out.text)).toBeLessThanOrEqual(c.cap);
      for (const e of c.evidence) expect(out.text).toContain(e);
    });
  }

  it('summarises dropped rows honestly and ends with one marker', () => {
    const rows = logRows(50, { 10: { seq: 10, level: 'ERROR', status: 'failed', msg: 'boom' } });
    const out = run(pretty(rows), { maxRows: 5 })!.text;
    const lines = out.split('\n');
    expect(lines.at(-1)).toMatch(/^\[headroom: kept 5 of 50 rows · id=[0-9a-f]{32}\]$/);
    expect(out.match(/\[headroom:/g)).toHaveLength(1);
    expect(lines.at(-2)).toBe('[… 45 of 50 rows omitted — seq: 1–48; level: INFO ×45; status: ok ×45; msg: 45 distinct values …]');
  });

  it('caps error rows by the budget and says how many it kept', () => {
    const planted: Record<number, Record<string, unknown>> = {};
    for (let i = 5; i < 100; i += 3) planted[i] = { seq: i, level: 'ERROR', status: 'failed', msg: `timeout calling shard ${i}` };
    const out = run(pretty(logRows(100, planted)), { maxRows: 10 })!.text;
    expect(keptRows(out)).toBe(10);
    expect(out).toMatch(/error-like rows kept: \d+ of 32/);
  });

  it('shortens long opaque strings, keeping a prefix and the length', () => {
    const blob = 'QUJD'.repeat(300);
    const out = run(pretty({ file: 'a.png', data: blob }))!;
    expect(out.lossy).toBe(true);
    expect(out.text).toContain(`"${blob.slice(0, 32)}[… 1,168 more chars of a 1,200-char string …]"`);
    expect(out.text).toMatch(/shortened 1 long string/);
  });

  it('cuts long scalar arrays inline', () => {
    const out = run(JSON.stringify({ values: Array.from({ length: 200 }, (_, i) => (i === 120 ? -999 : i)) }), { maxRows: 6 })!;
    expect(out.text).toContain('-999');
    expect(out.text).toMatch(/^\{"values":\[0,\[… \d+ items …\],/);
  });

  it('property: planted error survives, kept rows are byte-faithful and ordered, never more tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 25, max: 200 }), fc.nat(), fc.integer({ min: 4, max: 20 }), (n, at, cap) => {
        const pos = at % n;
        const rows = logRows(n, { [pos]: { seq: pos, level: 'ERROR', status: 'failed', msg: `segfault in worker ${pos}` } });
        const text = pretty(rows);
        const a = run(text, { maxRows: cap });
        expect(a).toEqual(run(text, { maxRows: cap }));
        if (!a) return;
        expect(a.text).toContain(`segfault in worker ${pos}`);
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(text));
        const seqs = [...a.text.matchAll(/^(\d+),"/gm)].map((m) => Number(m[1]));
        expect(seqs.length).toBeLessThanOrEqual(cap);
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        for (const s of seqs) expect(a.text).toContain(`${s},"${rows[s]!.level}","${rows[s]!.status}","${rows[s]!.msg}"`);
      }),
      { numRuns: 60 },
    );
  });
});

describe(`${NAME}: detector`, () => {
  it('scores JSON, NDJSON and non-JSON', () => {
    expect(jsonDetector.kind).toBe('json');
    expect(jsonDetector.detect('  {"a": 1}', {})).toBeGreaterThan(0.9);
    expect(jsonDetector.detect('{"a":1}\n{"a":2}\n', {})).toBeGreaterThanOrEqual(0.9);
    expect(jsonDetector.detect('[INFO] server started', {})).toBe(0);
    expect(jsonDetector.detect('{ not json', {})).toBe(0);
    expect(jsonDetector.detect('plain text', { path: 'a.json' })).toBe(0);
    expect(jsonDetector.detect('{"a":1}', { path: 'x.json' })).toBeGreaterThan(jsonDetector.detect('{"a":1}', {}));
  });
});

describe(`${NAME}: API objects (derived fields, prose, objects of records)`, () => {
  const API = 'https://api.example.com/repos/o/r';
  const comment = (id: number, login: string, body: string) => ({
    url: `${API}/comments/${id}`,
    issue_url: `${API}/issues/7`,
    id,
    user: { login, avatar_url: `https://avatars.example.com/u/${id}?v=4`, html_url: `https://example.com/${login}` },
    body,
  });

  it('leaves out fields that are a stated pattern of the row in every row, and says so', () => {
    const rows = [comment(101, 'ana', 'first'), comment(205, 'bo', 'second'), comment(309, 'cy', 'third')];
    const out = run(pretty(rows))!;
    expect(out.lossy).toBe(true);
    expect(out.text.split('\n').slice(0, 5).join('\n')).toBe(
      [
        '[3 items, one per line]',
        '[left out of every row, always equal to: url = "https://api.example.com/repos/o/r/comments/"+id; ' +
          'issue_url = "https://api.example.com/repos/o/r/issues/7"; ' +
          'user.avatar_url = "https://avatars.example.com/u/"+id+"?v=4"; user.html_url = "https://example.com/"+user.login]',
        '{"id":101,"user":{"login":"ana"},"body":"first"}',
        '{"id":205,"user":{"login":"bo"},"body":"second"}',
        '{"id":309,"user":{"login":"cy"},"body":"third"}',
      ].join('\n'),
    );
    expect(out.text).toMatch(/left out 4 fields that follow a stated pattern in every row · id=/);
  });

  it('keeps a field when one row breaks its pattern, and never in lossless mode', () => {
    const rows = [comment(101, 'ana', 'a'), comment(205, 'bo', 'b'), { ...comment(309, 'cy', 'c'), url: `${API}/comments/999` }];
    const out = run(pretty(rows))!;
    expect(out.text).not.toMatch(/[:;] url = /);
    expect(out.text).toContain('issue_url = "https://api.example.com/repos/o/r/issues/7"');
    expect(out.text).toContain(`"url":"${API}/comments/999"`);
    expect(run(pretty([comment(1, 'a', 'x'), comment(2, 'b', 'y'), comment(3, 'c', 'z')]), { lossy: false })!.text).toContain('avatar_url');
  });

  it('cuts long prose of rows off-question at a word boundary and keeps the relevant row whole', () => {
    const filler = (i: number) => `Issue ${i}: the widget renders slowly on page load. ${'Some more details about the setup follow here. '.repeat(10)}`;
    const target = `The reconnect path reuses the stale auth token, so queued messages are dropped. ${'Details. '.repeat(50)}`;
    const rows = [0, 1, 2, 3].map((i) => ({ n: i, body: i === 2 ? target : filler(i) }));
    const out = run(pretty(rows), {}, 'Why are queued messages dropped on reconnect?')!;
    expect(out.lossy).toBe(true);
    expect(out.text).toContain(JSON.stringify(target));
    const first = JSON.stringify(filler(0));
    const cut = first.lastIndexOf(' ', 161);
    expect(out.text).toContain(`${first.slice(0, cut)} [… ${first.length - 1 - cut} more chars …]"`);
    expect(out.text).toMatch(/cut 3 long texts of rows off-question to their opening/);
  });

  it('writes an object of records as a table keyed by the entry key', () => {
    const deps: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) deps[`pkg-${i}`] = { version: `1.${i}.0`, license: 'MIT', deprecated: false, optional: true };
    const out = run(pretty({ name: 'app', dependencies: deps }))!;
    expect(out).toEqual({
      lossy: false,
      text: [
        '{"name":"app","dependencies":[… 6 entries: see dependencies below …]}',
        "[dependencies: table of 6 entries; first column = the entry's key; header = keys, cells = JSON values]",
        '(key),version,license,deprecated,optional',
        ...[0, 1, 2, 3, 4, 5].map((i) => `pkg-${i},"1.${i}.0","MIT",false,true`),
      ].join('\n'),
    });
  });

  it('selects entries of a large object of records, keeping the ones the question names', () => {
    const deps: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) deps[`pkg-${i}`] = { version: `1.${i}.0`, license: 'MIT', deprecated: false, optional: true };
    deps.esbuild = { version: '0.28.2', license: 'MIT', deprecated: false, optional: true };
    const out = run(pretty({ dependencies: deps }), { maxRows: 10 }, 'Which version of esbuild is installed?')!;
    expect(out.lossy).toBe(true);
    expect(out.text).toContain('esbuild,"0.28.2","MIT",false,true');
    expect(out.text).toMatch(/\[… 51 of 61 entries omitted — /);
    expect(out.text).toMatch(/kept 10 of 61 rows/);
  });
});
