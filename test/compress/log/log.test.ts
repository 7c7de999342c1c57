import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMarker } from '../../../src/ccr/marker.ts';
import { createContext } from '../../../src/compress/context.ts';
import type { CompressInput, Hints } from '../../../src/compress/types.ts';
import createDefault, { createLogCompressor, NAME } from '../../../src/compress/log/index.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { runCompressorContract, type ContractCase } from '../contract.ts';
import { aptGetInstall, cmakeBuild, dockerBuild, pipInstall, workspaceBuildWithTscErrors } from './build-fixtures.ts';
import {
  fixture,
  goTestRun,
  jestRun,
  nginxAccessLog,
  pytestRun,
  rng,
  serviceLog,
  tscBuild,
  vitestRun,
} from './fixtures.ts';

const compressor = createLogCompressor();
const run = (text: string, hints: Hints = {}, query?: string) =>
  compressor.compress({ text, kind: 'log', hints }, createContext({ query }));

const NOTE = /^\[… .* …\]$/;
const MARKER = /^\[headroom: .* · id=[0-9a-f]{32}\]$/;

/** Every output line is an original line (in order) or one of our notes; the marker is last and only once. */
function expectFaithful(input: string, output: string) {
  const original = input.split('\n');
  const lines = output.split('\n');
  expect(lines.filter((l) => MARKER.test(l))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(MARKER);
  let at = 0;
  for (const line of lines.slice(0, -1)) {
    if (NOTE.test(line) && !original.includes(line)) continue;
    const found = original.indexOf(line, at);
    expect(found, `not an original line (or out of order): ${line}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

const cases: ContractCase[] = [
  {
    name: 'pytest: 2 failures among 300 passes',
    kind: 'log',
    text: pytestRun(),
    hints: { command: 'pytest -v' },
    gold: [
      'E       AssertionError: assert 1200 == 1080',
      'tests/test_checkout.py:48: AssertionError',
      "E           KeyError: 'no exchange rate for EUR'",
      'shop/orders.py:112: KeyError',
      'FAILED tests/test_checkout.py::test_apply_discount - AssertionError: assert 1200 == 1080',
      "FAILED tests/test_refunds.py::test_refund_partial[euro] - KeyError: 'no exchange rate for EUR'",
      '======================== 2 failed, 300 passed in 4.21s =========================',
    ],
  },
  {
    name: 'jest: one failing test',
    kind: 'log',
    text: jestRun(),
    hints: { command: 'npx jest --verbose' },
    gold: [
      ' FAIL  src/cart/total.test.ts',
      '    ✕ applies percentage discount (7 ms)',
      '  ● cart total › applies percentage discount',
      '    expect(received).toBe(expected) // Object.is equality',
      '    Expected: 90',
      '    Received: 100',
      '      at Object.<anonymous> (src/cart/total.test.ts:23:25)',
      'Tests:       1 failed, 399 passed, 400 total',
      'Test Suites: 1 failed, 39 passed, 40 total',
    ],
  },
  {
    name: 'vitest: one failing test',
    kind: 'log',
    text: vitestRun(),
    gold: [
      ' FAIL  src/cart/total.test.ts > cart total > applies percentage discount',
      'AssertionError: expected 100 to be 90 // Object.is equality',
      ' ❯ src/cart/total.test.ts:23:25',
      '      Tests  1 failed | 378 passed (379)',
    ],
  },
  {
    name: 'go test: a failure and a panic',
    kind: 'log',
    text: goTestRun(),
    hints: { command: 'go test -v ./...' },
    gold: [
      '--- FAIL: TestMergeOverrides (0.00s)',
      '    merge_test.go:42: merged config mismatch:',
      '        want: {Port:9090 Host:localhost}',
      '--- FAIL: TestShardIndex (0.00s)',
      'panic: runtime error: index out of range [5] with length 3 [recovered]',
      '\t/home/dev/shard/shard_test.go:18 +0x45',
      'FAIL\texample.com/shard\t0.012s',
      // One `ok` line per green package: which packages passed is a summary, not noise.
      'ok  \texample.com/cache\t0.051s',
      'ok  \texample.com/queue\t0.051s',
      'ok  \texample.com/router\t0.061s',
    ],
  },
  {
    name: 'node --test, spec reporter: one failure',
    kind: 'log',
    text: fixture('node-test-spec.txt'),
    hints: { command: 'node --test --test-reporter=spec' },
    gold: [
      '  ✖ applies the volume discount above 100 units (0.939703ms)',
      '    228 !== 216',
      '        at TestContext.<anonymous> (file:///home/dev/shop/test/pricing.test.mjs:8:12)',
      '      expected: 216,',
      '✖ failing tests:',
      'test at test/pricing.test.mjs:6:3',
      'ℹ tests 45',
      'ℹ pass 43',
      'ℹ fail 1',
      'ℹ skipped 1',
    ],
  },
  {
    name: 'node --test, TAP reporter: one failure',
    kind: 'log',
    text: fixture('node-test-tap.txt'),
    hints: { command: 'node --test --test-reporter=tap' },
    gold: [
      '    not ok 19 - applies the volume discount above 100 units',
      "      location: '/home/dev/shop/test/pricing.test.mjs:6:3'",
      '        228 !== 216',
      '      expected: 216',
      '      actual: 228',
      '        TestContext.<anonymous> (file:///home/dev/shop/test/pricing.test.mjs:8:12)',
      'not ok 1 - pricing',
      '# tests 45',
      '# pass 43',
      '# fail 1',
    ],
  },
  {
    name: 'apt-get install: a maintainer script fails',
    kind: 'log',
    text: aptGetInstall(),
    query: 'did anything fail?',
    gold: [
      '0 upgraded, 120 newly installed, 0 to remove and 3 not upgraded.',
      'start-stop-daemon: unable to stat /usr/sbin/pgbouncer (No such file or directory)',
      'dpkg: error processing package pgbouncer (--configure):',
      'Errors were encountered while processing:',
      'E: Sub-process /usr/bin/dpkg returned an error code (1)',
    ],
  },
  {
    name: 'pip install: a warning and the result',
    kind: 'log',
    text: pipInstall(),
    hints: { command: 'pip install -r requirements.txt' },
    gold: ['WARNING: The script normalizer is installed in /home/dev/.local/bin which is not on PATH.', 'Successfully installed pkg0-1.0.0'],
  },
  {
    name: 'cmake + make: a compiler error',
    kind: 'log',
    text: cmakeBuild(),
    hints: { command: 'cmake -B build && make -C build' },
    gold: [
      "/home/dev/engine/src/module80.cpp:41:12: error: 'span' is not a member of 'std'",
      '   41 |   for (std::span<int> s : views) {',
      '-- Build files have been written to: /home/dev/engine/build',
      'make: *** [Makefile:136: all] Error 2',
    ],
  },
  {
    name: 'docker build: a failing RUN step',
    kind: 'log',
    text: dockerBuild(),
    hints: { command: 'docker build -t shop .' },
    gold: [
      '#7 [6/6] RUN npm ci',
      '#7 24.552 npm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"',
      'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    ],
  },
  {
    name: 'npm run build: tsc errors after workspace chatter',
    kind: 'log',
    text: workspaceBuildWithTscErrors(fixture('tsc-errors.txt')),
    hints: { command: 'npm run build' },
    gold: [
      ...fixture('tsc-errors.txt')
        .split('\n')
        .filter((l) => /\(\d+,\d+\): error TS\d+: /.test(l)),
      'Found 5 errors in 4 files.',
      'npm error code 2',
    ],
  },
  {
    name: 'cargo test: one failure',
    kind: 'log',
    text: fixture('cargo-test-fail.txt'),
    hints: { command: 'cargo test' },
    gold: [
      'test ledger::tests::balances_after_transfer ... FAILED',
      "thread 'ledger::tests::balances_after_transfer' panicked at src/ledger.rs:88:9:",
      'assertion `left == right` failed: balance after transfer',
      '  left: 4200',
      ' right: 4150',
      'test result: FAILED. 10 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s',
    ],
  },
  {
    name: 'tsc -b --verbose: two errors',
    kind: 'log',
    text: tscBuild(),
    hints: { command: 'tsc -b --verbose' },
    gold: [
      "packages/api/src/routes.ts:14:7 - error TS2322: Type 'string | undefined' is not assignable to type 'number'.",
      '14   const port: number = process.env.PORT;',
      "packages/api/src/routes.ts:31:19 - error TS2345: Argument of type 'Request' is not assignable to parameter of type 'IncomingMessage'.",
      '[10:22:34 AM] Found 2 errors. Watching for file changes.',
    ],
  },
  {
    name: 'npm install: node-gyp failure',
    kind: 'log',
    text: fixture('npm-install-error.txt'),
    hints: { command: 'npm install' },
    gold: [
      'npm ERR! ../src/bcrypt_node.cc:1:10: fatal error: napi.h: No such file or directory',
      'npm ERR! gyp ERR! stack Error: `make` failed with exit code: 2',
      'npm ERR! code 1',
      'npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported',
    ],
  },
  {
    name: '20k-line service log with one buried ERROR',
    kind: 'log',
    text: serviceLog(),
    gold: [
      'ERROR [billing-worker-0] Charge failed for order ord_8f3a2c: upstream timeout after 30000ms',
      'com.acme.billing.GatewayTimeoutException: upstream timeout after 30000ms',
      '\tat com.acme.billing.pipeline.Stage0.invoke(Stage0.java:100)',
      'Caused by: java.net.SocketTimeoutException: Read timed out',
      '\t... 42 more',
    ],
  },
  {
    name: 'nginx access log with one 502',
    kind: 'log',
    text: nginxAccessLog(),
    gold: ['"GET /api/v1/checkout HTTP/1.1" 502 '],
  },
  {
    name: 'service log, question about a worker',
    kind: 'log',
    text: serviceLog(3000, 2000),
    query: 'what did auth-worker-3 do with order:4242?',
    gold: ['Charge failed for order ord_8f3a2c'],
  },
];

const declines: ContractCase[] = [
  { name: 'too short', kind: 'log', text: 'INFO start\nERROR boom\nINFO done\n', gold: [] },
  { name: 'already compressed', kind: 'log', text: `${serviceLog(200, 100)}[headroom: kept 1 of 2 lines · id=${'a'.repeat(32)}]`, gold: [] },
  {
    name: 'all errors, nothing to drop',
    kind: 'log',
    text: Array.from({ length: 40 }, (_, i) => `src/m${i}.ts(${i + 1},5): error TS2322: Type 'T${i}' is not assignable to type 'U${i}'.`).join('\n'),
    gold: [],
  },
];

runCompressorContract(compressor, cases, declines);

describe('log compressor: exports', () => {
  it('names and default export', () => {
    expect(NAME).toBe('log');
    expect(compressor.name).toBe('log');
    expect(createDefault).toBe(createLogCompressor);
  });
});

describe('log compressor: never misleads', () => {
  for (const c of cases) {
    it(`${c.name}: every line is original, notes and one closing marker`, () => {
      const out = compressor.compress({ text: c.text, kind: 'log', hints: c.hints ?? {} }, createContext({ query: c.query }));
      expect(out?.lossy).toBe(true);
      expectFaithful(c.text, out!.text);
    });
  }
});

describe('log compressor: golden outputs', () => {
  it('a bare tsc error list keeps every error line and the Found line (or is left whole)', () => {
    const text = fixture('tsc-errors.txt');
    const errors = text.split('\n').filter((l) => /^\S+\(\d+,\d+\): error TS\d+: /.test(l));
    expect(errors).toHaveLength(5);
    const out = run(text, { command: 'npx tsc --noEmit --pretty false' })?.text ?? text;
    for (const e of errors) expect(out).toContain(e);
    expect(out).toContain('Found 5 errors in 4 files.');
  });

  it('node --test spec output collapses the green tests and keeps every count', () => {
    const out = run(fixture('node-test-spec.txt'))!.text;
    expect(out).toContain('[… 18 passing test lines omitted …]');
    expect(out).toContain('[… 26 passing test lines omitted …]');
    expect(out).not.toContain('reserves stock for order 1013');
    for (const l of fixture('node-test-spec.txt').split('\n').filter((x) => x.startsWith('ℹ '))) expect(out).toContain(l);
    expectFaithful(fixture('node-test-spec.txt'), out);
  });

  it('TAP output drops passing tests with their YAML blocks but keeps the failing block whole', () => {
    const text = fixture('node-test-tap.txt');
    const out = run(text)!.text;
    const lines = text.split('\n');
    const from = lines.indexOf('    not ok 19 - applies the volume discount above 100 units');
    const to = lines.indexOf('      ...', from);
    expect(out).toContain(lines.slice(from, to + 1).join('\n'));
    expect(out).not.toContain('ok 7 - prices 7 units at list price');
    expect(out).not.toContain('# Subtest: reserves stock for order 1013');
  });

  it('apt output collapses unpack chatter to counts and keeps session boundaries', () => {
    const out = run(aptGetInstall())!.text;
    expect(out).toMatch(/\[… \d+ progress lines omitted …\]/);
    expect(out).not.toContain('Preparing to unpack .../050-');
    expect(countTokens(out)).toBeLessThan(countTokens(aptGetInstall()) / 4);
  });

  it('cargo test keeps the failure verbatim and collapses the passing tests', () => {
    expect(run(fixture('cargo-test-fail.txt'), { command: 'cargo test' })?.text).toMatchInlineSnapshot(`
      "[… 8 progress lines omitted …]
          Finished test [unoptimized + debuginfo] target(s) in 14.82s
           Running unittests src/lib.rs (target/debug/deps/ledger-6f1c2a9b0d3e4f51)

      running 11 tests
      [… 4 passing test lines omitted …]
      test ledger::tests::balances_after_transfer ... FAILED
      [… 6 passing test lines omitted …]

      failures:

      ---- ledger::tests::balances_after_transfer stdout ----
      thread 'ledger::tests::balances_after_transfer' panicked at src/ledger.rs:88:9:
      assertion \`left == right\` failed: balance after transfer
        left: 4200
       right: 4150
      note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace


      failures:
          ledger::tests::balances_after_transfer

      test result: FAILED. 10 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s

      error: test failed, to rerun pass \`--lib\`
      [headroom: kept 22 of 40 lines · id=00000000000000000000000000000000]"
    `);
  });

  it('pytest keeps both FAILURES sections whole and counts the 300 passes', () => {
    const out = run(pytestRun(), { command: 'pytest' })!.text;
    const failures = pytestRun().split('\n');
    const from = failures.indexOf('=================================== FAILURES ===================================');
    // The FAILURES section to the end is kept line for line.
    expect(out).toContain(failures.slice(from).join('\n').trimEnd());
    expect(out).toContain('[… 137 passing test lines omitted …]');
    expect(out).not.toContain('test_case_150 PASSED');
    expect(out.split('\n').at(-1)).toBe('[headroom: kept 45 of 345 lines · id=00000000000000000000000000000000]');
  });

  it('a long trace keeps its first and last frames and says how many were cut', () => {
    const out = run(serviceLog())!.text;
    expect(out).toContain('\tat com.acme.billing.pipeline.Stage11.invoke(Stage11.java:111)');
    expect(out).not.toContain('Stage12.invoke');
    expect(out).toContain('[… 36 stack frame lines omitted …]');
    expect(out).toContain('\tat java.base/sun.nio.ch.NioSocketImpl.read19(NioSocketImpl.java:299)');
  });

  it('repeated warnings are kept once with their count', () => {
    const out = run(serviceLog())!.text;
    const slow = out.split('\n').filter((l) => l.includes('slow query took'));
    expect(slow.length).toBeLessThanOrEqual(3);
    expect(out).toMatch(/\[… this warning occurs \d+ times …\]/);
  });

  it('an INFO line that merely mentions an error is not treated as one', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `2024-03-01T12:00:${String(i).padStart(2, '0')}Z INFO  tick ${i}`);
    lines[30] = '2024-03-01T12:00:30Z INFO  circuit breaker closed after error window of 30s';
    const out = run(lines.join('\n'))!.text;
    // Kept as the first line of its template, but without the context an error would get.
    expect(out).toContain('circuit breaker closed after error window of 30s');
    expect(out).not.toContain('INFO  tick 29');
    expect(out).not.toContain('INFO  tick 31');
  });

  it('consecutive lines of one template collapse to first and last with a count', () => {
    const lines = ['webpack 5.90.0 compiling'];
    for (let i = 0; i < 500; i++) lines.push(`asset chunk-${i}.js ${1000 + i} bytes [emitted] [minimized]`);
    lines.push('webpack 5.90.0 compiled successfully in 4210 ms');
    const out = run(lines.join('\n'), { command: 'npx webpack' })!.text.split('\n');
    expect(out).toContain('asset chunk-0.js 1000 bytes [emitted] [minimized]');
    expect(out).toContain('asset chunk-499.js 1499 bytes [emitted] [minimized]');
    expect(out.some((l) => /^\[… \d+ similar lines omitted …\]$/.test(l))).toBe(true);
    expect(out).toContain('webpack 5.90.0 compiled successfully in 4210 ms');
  });

  it('keeps lines that match the question', () => {
    const text = nginxAccessLog();
    const target = text.split('\n')[1234]!;
    const ip = target.split(' ')[0]!;
    const out = run(text, {}, `what happened to requests from ${ip}?`)!.text;
    expect(out).toContain(target);
    expect(run(text)!.text).not.toContain(target);
  });

  it('CRLF input keeps its lines exact', () => {
    const text = serviceLog(400, 200).replace(/\n/g, '\r\n');
    const out = run(text)!.text;
    expect(out).toContain('Charge failed for order ord_8f3a2c');
    for (const line of out.split('\n').slice(0, -1)) if (!NOTE.test(line)) expect(text).toContain(line);
  });

  it('gives up (null) when the deadline has passed', () => {
    let t = 0;
    const ctx = createContext({ budgetMs: 1, now: () => (t += 10) });
    expect(compressor.compress({ text: serviceLog(2000, 1000), kind: 'log', hints: {} }, ctx)).toBeNull();
  });
});

describe('log compressor: properties', () => {
  const chatter = [
    (r: () => number) => `2024-03-01T10:00:0${Math.floor(r() * 10)}Z INFO  request ${Math.floor(r() * 1e5)} ok in ${Math.floor(r() * 90)}ms`,
    (r: () => number) => `2024-03-01T10:00:1${Math.floor(r() * 10)}Z DEBUG cache hit key=user:${Math.floor(r() * 1e4)}`,
    (r: () => number) => `2024-03-01T10:00:2${Math.floor(r() * 10)}Z INFO  worker-${Math.floor(r() * 8)} heartbeat`,
    (r: () => number) => `  ✓ test number ${Math.floor(r() * 1000)} passes (${Math.floor(r() * 9)} ms)`,
    () => '',
  ];
  it('deterministic, never more tokens, planted error and summary survive, lines faithful', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 600 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, seed, where) => {
        const r = rng(seed);
        const lines = Array.from({ length: n }, () => chatter[Math.floor(r() * chatter.length)]!(r));
        const at = Math.floor(where * (n - 1));
        lines[at] = `2024-03-01T10:00:59Z ERROR payment ${seed} declined: card_expired`;
        lines.push('Tests: 1 failed, 57 passed, 58 total');
        const text = lines.join('\n');
        const input: CompressInput = { text, kind: 'log', hints: {} };
        const a = compressor.compress(input, createContext());
        expect(compressor.compress(input, createContext())).toEqual(a);
        if (!a) return;
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(text));
        expect(a.text).toContain(`ERROR payment ${seed} declined: card_expired`);
        expect(a.text).toContain('Tests: 1 failed, 57 passed, 58 total');
        expect(hasMarker(a.text)).toBe(true);
        expectFaithful(text, a.text);
      }),
      { numRuns: 60 },
    );
  });
});
