import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/compress/context.ts';
import { createTableCompressor, NAME, tableDetector } from '../../../src/compress/table/index.ts';
import { parseDelimited } from '../../../src/compress/table/parse.ts';
import { runCompressorContract } from '../contract.ts';

function csv(n: number, failAt: number, sep = ','): string {
  const lines = [['job', 'status', 'duration_s', 'runner'].join(sep)];
  for (let i = 0; i < n; i++) {
    lines.push([`build-${i}`, i === failAt ? 'failed' : 'passed', String(30 + (i % 7)), `runner-${i % 4}`].join(sep));
  }
  return `${lines.join('\n')}\n`;
}
function markdown(n: number, failAt: number): string {
  const rows = Array.from({ length: n }, (_, i) => `| test_${i}        | ${i === failAt ? 'FAIL' : 'pass'}     | ${10 + i}    |`);
  return ['| name              | result   | ms    |', '|:------------------|:--------:|------:|', ...rows].join('\n');
}
const run = (text: string, opts: Parameters<typeof createTableCompressor>[0] = {}, query?: string) =>
  createTableCompressor(opts).compress({ text, kind: 'table', hints: {} }, createContext({ query }));

runCompressorContract(
  createTableCompressor(),
  [
    { name: 'CSV with one failure', kind: 'table', text: csv(200, 133), gold: ['job,status,duration_s,runner', 'build-133,failed,'] },
    { name: 'TSV with one failure', kind: 'table', text: csv(200, 7, '\t'), gold: ['build-7\tfailed\t'] },
    { name: 'markdown table', kind: 'table', text: markdown(120, 64), gold: ['| test_64 | FAIL | 74 |'] },
    {
      name: 'CSV with query',
      kind: 'table',
      text: csv(300, -1),
      query: 'what happened to build-271?',
      gold: ['build-271,passed,'],
    },
  ],
  [
    { name: 'small CSV', kind: 'table', text: 'a,b\n1,2\n3,4\n', gold: [] },
    { name: 'not a table', kind: 'table', text: 'just some words here', gold: [] },
  ],
);

describe(`${NAME}: output format`, () => {
  it('keeps CSV rows verbatim (quotes included) with gap notes and a summary', () => {
    const lines = ['id,msg,code'];
    for (let i = 0; i < 12; i++) lines.push(`${i},"said ""hi"", ok",${i === 6 ? 500 : 200}`);
    const out = run(lines.join('\n'), { maxRows: 4 })!;
    expect(out.lossy).toBe(true);
    expect(out.text).toMatchInlineSnapshot(`
      "id,msg,code
      0,"said ""hi"", ok",200
      [… 4 rows …]
      5,"said ""hi"", ok",200
      6,"said ""hi"", ok",500
      [… 4 rows …]
      11,"said ""hi"", ok",200
      [… 8 of 12 rows omitted — id: 1–10; msg: "said \\"hi\\", ok" ×8; code: 200 ×8 …]
      [headroom: kept 4 of 12 rows · id=00000000000000000000000000000000]"
    `);
  });

  it('removes markdown padding losslessly when the table is within budget', () => {
    const out = run(`Results:\n${markdown(3, 1)}\nDone.`)!;
    expect(out).toEqual({
      text: 'Results:\n| name | result | ms |\n|:---|:---:|---:|\n| test_0 | pass | 10 |\n| test_1 | FAIL | 11 |\n| test_2 | pass | 12 |\nDone.',
      lossy: false,
    });
  });

  it('parses quoted fields with delimiters, quotes and newlines', () => {
    const t = parseDelimited('a,b,c\n1,"x, ""y""\nz",3\n4,5,6\n7,8,9\n10,11,12\r\n13,,15\n')!;
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['1', 'x, "y"\nz', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
      ['10', '11', '12'],
      ['13', '', '15'],
    ]);
    expect(t.rows[0]!.raw).toBe('1,"x, ""y""\nz",3');
  });
});

describe(`${NAME}: detector`, () => {
  it('recognises CSV, TSV and markdown, and not logs or JSON', () => {
    expect(tableDetector.kind).toBe('table');
    expect(tableDetector.detect(csv(10, 3), {})).toBeGreaterThanOrEqual(0.7);
    expect(tableDetector.detect(csv(10, 3, '\t'), {})).toBeGreaterThanOrEqual(0.7);
    expect(tableDetector.detect(markdown(5, 1), {})).toBeGreaterThanOrEqual(0.9);
    expect(tableDetector.detect('a,b\n1,2\n', { path: 'data.csv' })).toBeGreaterThanOrEqual(0.9);
    expect(tableDetector.detect('{"a":1,"b":2}\n{"a":3,"b":4}\n{"a":5,"b":6}', {})).toBe(0);
    const log = Array.from({ length: 10 }, (_, i) => `2024-01-01 10:00:0${i},123 INFO worker ${i} up`).join('\n');
    expect(tableDetector.detect(log, {})).toBeLessThan(0.5);
    expect(tableDetector.detect('hello world\nthis is prose.\n', {})).toBe(0);
  });
});
