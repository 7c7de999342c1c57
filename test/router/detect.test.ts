/** The detectors compete in the router: each kind of sample must be claimed by its own detector. */
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/compress/registry.ts';
import { detectKind } from '../../src/compress/router/detect.ts';
import type { ContentKind, Hints } from '../../src/compress/types.ts';
import { serviceLog } from '../fixtures/bodies.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, host: `web-${i % 4}.internal`, status: i === 7 ? 'error' : 'ok', ms: 20 + (i % 9) }));

const samples: [string, string, Hints, ContentKind][] = [
  ['pretty JSON array', JSON.stringify(rows(40), null, 2), {}, 'json'],
  ['minified JSON object', JSON.stringify({ total: 40, items: rows(40) }), {}, 'json'],
  ['NDJSON', rows(30).map((r) => JSON.stringify(r)).join('\n'), {}, 'json'],
  ['service log', serviceLog(200, 120), {}, 'log'],
  ['pytest run', [
    '============================= test session starts ==============================',
    'platform linux -- Python 3.11.7, pytest-8.3.2, pluggy-1.5.0',
    'collected 120 items', '',
    'tests/test_api.py ........................................................ [ 46%]',
    'tests/test_auth.py .......F.............................................. [ 92%]',
    'tests/test_db.py .........                                              [100%]', '',
    '=================================== FAILURES ===================================',
    '___________________________ test_auth_token_refresh ____________________________',
    '    def test_auth_token_refresh(client):', '>       assert resp.status_code == 200', 'E       assert 401 == 200',
    'tests/test_auth.py:88: AssertionError',
    '=========================== short test summary info ============================',
    'FAILED tests/test_auth.py::test_auth_token_refresh - assert 401 == 200',
    '======================== 1 failed, 119 passed in 4.21s =========================',
  ].join('\n'), { command: 'pytest -q' }, 'log'],
  ['grep -rn', Array.from({ length: 40 }, (_, i) => `src/server/handlers/user-${i % 6}.ts:${10 + i * 3}:  const user = await db.users.find(id${i});`).join('\n'), {}, 'search'],
  ['git diff', [
    'diff --git a/src/app.ts b/src/app.ts', 'index 3b18e51..a9c2f0d 100644', '--- a/src/app.ts', '+++ b/src/app.ts',
    '@@ -1,6 +1,7 @@', ' import { Hono } from "hono";', '-const port = 3000;', '+const port = Number(process.env.PORT ?? 3000);',
    '+const host = "127.0.0.1";', ' const app = new Hono();', ' app.get("/", (c) => c.text("ok"));', ' export default app;',
  ].join('\n'), {}, 'diff'],
  ['HTML page', `<!DOCTYPE html><html><head><title>Docs</title></head><body><nav><a href="/">Home</a></nav><main><h1>Install</h1><p>${'Run npm install to get started. '.repeat(20)}</p></main></body></html>`, {}, 'html'],
  ['CSV', ['id,name,region,latency_ms', ...Array.from({ length: 30 }, (_, i) => `${i},svc-${i},us-east-${(i % 2) + 1},${90 + i}`)].join('\n'), {}, 'table'],
  ['markdown table', ['| id | name | status |', '|---|---|---|', ...Array.from({ length: 20 }, (_, i) => `| ${i} | job-${i} | ${i === 3 ? 'failed' : 'ok'} |`)].join('\n'), {}, 'table'],
  ['TypeScript file read', 'import { readFile } from "node:fs/promises";\n\nexport async function load(path: string) {\n  const text = await readFile(path, "utf8");\n  return JSON.parse(text);\n}\n', { toolName: 'Read', path: 'src/load.ts' }, 'code'],
  ['Python source sniffed', 'import os\nfrom pathlib import Path\n\n\ndef main():\n    for p in Path(".").iterdir():\n        print(p)\n\n\nclass Walker:\n    def __init__(self, root):\n        self.root = root\n', {}, 'code'],
  ['prose', 'The deployment guide explains how to roll out the service in three stages. First, build the image and push it to the registry. Then update the staging environment and run the smoke tests. Finally, promote the release to production once the error budget allows it.\n', {}, 'text'],
];

describe('router detection', () => {
  it.each(samples)('%s → its own kind', (_name, text, hints, kind) => {
    expect(detectKind(text, hints, DETECTORS).kind).toBe(kind);
  });

  it('is cheap on 10 MB inputs (detectors look at a prefix)', () => {
    const big = serviceLog(120_000, 60_000);
    const t = performance.now();
    detectKind(big, {}, DETECTORS);
    // Not a timing assertion of the engine: a guard against a detector scanning the whole input.
    expect(performance.now() - t).toBeLessThan(500);
  });
});
