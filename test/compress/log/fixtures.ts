/**
 * Realistic log / test-run fixtures, generated deterministically (a tiny LCG, no Math.random) so tests and the
 * throughput script see the same bytes every run. Small hand-written ones live in test/fixtures/log/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/log/${name}`, import.meta.url)), 'utf8');
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** pytest -v: 302 tests, two failures with full FAILURES sections, short summary and counts line. */
export function pytestRun(): string {
  const out = [
    '============================= test session starts ==============================',
    'platform linux -- Python 3.11.6, pytest-7.4.3, pluggy-1.3.0 -- /home/dev/.venv/bin/python',
    'cachedir: .pytest_cache',
    'rootdir: /home/dev/shop',
    'configfile: pyproject.toml',
    'plugins: cov-4.1.0, asyncio-0.21.1',
    'collected 302 items',
    '',
  ];
  const files = ['test_cart', 'test_catalog', 'test_checkout', 'test_inventory', 'test_refunds', 'test_users'];
  for (let i = 0; i < 302; i++) {
    const pct = `[${String(Math.floor((i * 100) / 302)).padStart(3, ' ')}%]`;
    let name = `tests/${files[i % 6]}.py::test_case_${pad(i, 3)}`;
    let status = 'PASSED';
    if (i === 137 || i === 211) {
      name = i === 137 ? 'tests/test_checkout.py::test_apply_discount' : 'tests/test_refunds.py::test_refund_partial[euro]';
      status = 'FAILED';
    }
    out.push(`${`${name} ${status}`.padEnd(73, ' ')}${pct}`);
  }
  out.push(
    '',
    '=================================== FAILURES ===================================',
    '_____________________________ test_apply_discount ______________________________',
    '',
    '    def test_apply_discount():',
    '        cart = Cart(items=[Item("book", 1200)])',
    '>       assert apply_discount(cart, "SPRING10") == 1080',
    'E       AssertionError: assert 1200 == 1080',
    "E        +  where 1200 = apply_discount(<shop.cart.Cart object at 0x7f3a2c1d9e50>, 'SPRING10')",
    '',
    'tests/test_checkout.py:48: AssertionError',
    '__________________________ test_refund_partial[euro] ___________________________',
    '',
    "amount = Decimal('19.99'), currency = 'EUR'",
    '',
    '    @pytest.mark.parametrize("currency", ["usd", "euro"])',
    '    def test_refund_partial(currency):',
    '        order = make_order(total=Decimal("59.97"), currency=currency)',
    '>       refund = order.refund(Decimal("19.99"))',
    '',
    'tests/test_refunds.py:77: ',
    '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ',
    '',
    "self = <shop.orders.Order object at 0x7f3a2c1e0b10>, amount = Decimal('19.99')",
    '',
    '    def refund(self, amount):',
    '        if self.currency not in RATES:',
    '>           raise KeyError(f"no exchange rate for {self.currency}")',
    "E           KeyError: 'no exchange rate for EUR'",
    '',
    'shop/orders.py:112: KeyError',
    '=========================== short test summary info ============================',
    'FAILED tests/test_checkout.py::test_apply_discount - AssertionError: assert 1200 == 1080',
    "FAILED tests/test_refunds.py::test_refund_partial[euro] - KeyError: 'no exchange rate for EUR'",
    '======================== 2 failed, 300 passed in 4.21s =========================',
  );
  return `${out.join('\n')}\n`;
}

/** jest --verbose: 40 suites, one failing test with its expect() diff, code frame and location. */
export function jestRun(): string {
  const out: string[] = [];
  for (let s = 0; s < 40; s++) {
    const file = `src/module${pad(s, 2)}/feature.test.ts`;
    const failing = s === 23;
    out.push(` ${failing ? 'FAIL' : 'PASS'}  ${failing ? 'src/cart/total.test.ts' : file}`);
    out.push(`  ${failing ? 'cart total' : `module ${s}`}`);
    for (let t = 0; t < 10; t++) {
      if (failing && t === 4) out.push('    ✕ applies percentage discount (7 ms)');
      else out.push(`    ✓ handles case ${t} without error (${(s * 7 + t * 3) % 19} ms)`);
    }
    out.push('');
    if (failing) {
      out.push(
        '  ● cart total › applies percentage discount',
        '',
        '    expect(received).toBe(expected) // Object.is equality',
        '',
        '    Expected: 90',
        '    Received: 100',
        '',
        '      21 |     const cart = makeCart([{ price: 100, qty: 1 }]);',
        '      22 |     applyDiscount(cart, { percent: 10 });',
        '    > 23 |     expect(total(cart)).toBe(90);',
        '         |                         ^',
        '      24 |   });',
        '      25 | });',
        '      26 |',
        '',
        '      at Object.<anonymous> (src/cart/total.test.ts:23:25)',
        '',
      );
    }
  }
  out.push(
    'Test Suites: 1 failed, 39 passed, 40 total',
    'Tests:       1 failed, 399 passed, 400 total',
    'Snapshots:   0 total',
    'Time:        6.482 s',
    'Ran all test suites.',
  );
  return `${out.join('\n')}\n`;
}

/** vitest: per-file lines, one failing file, the Failed Tests section and the counts. */
export function vitestRun(): string {
  const out = [' RUN  v1.2.0 /home/dev/app', ''];
  for (let s = 0; s < 60; s++) {
    if (s === 17) {
      out.push(
        ' ❯ src/cart/total.test.ts  (6 tests | 1 failed) 14ms',
        '   ❯ src/cart/total.test.ts > cart total > applies percentage discount',
        '     → expected 100 to be 90 // Object.is equality',
      );
    } else out.push(` ✓ src/module${pad(s, 2)}/feature.test.ts  (${(s % 9) + 2} tests) ${(s * 13) % 97}ms`);
  }
  out.push(
    '',
    '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯',
    '',
    ' FAIL  src/cart/total.test.ts > cart total > applies percentage discount',
    'AssertionError: expected 100 to be 90 // Object.is equality',
    '',
    '- Expected',
    '+ Received',
    '',
    '- 90',
    '+ 100',
    '',
    ' ❯ src/cart/total.test.ts:23:25',
    '     21|     const cart = makeCart([{ price: 100, qty: 1 }]);',
    '     22|     applyDiscount(cart, { percent: 10 });',
    '     23|     expect(total(cart)).toBe(90);',
    '       |                         ^',
    '     24|   });',
    '',
    '⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/1]⎯',
    '',
    ' Test Files  1 failed | 59 passed (60)',
    '      Tests  1 failed | 378 passed (379)',
    '   Start at  10:22:31',
    '   Duration  3.21s (transform 412ms, setup 0ms, collect 1.9s, tests 2.2s, environment 3ms, prepare 5.1s)',
    '',
  );
  return out.join('\n');
}

/** tsc -b --verbose in a monorepo: up-to-date chatter, two pretty errors with code frames, the Found line. */
export function tscBuild(): string {
  const out = ['[10:22:31 AM] Projects in this build: '];
  for (let p = 0; p < 60; p++) out.push(`    * packages/pkg-${pad(p, 2)}/tsconfig.json`);
  out.push('');
  for (let p = 0; p < 60; p++) {
    out.push(
      `[10:22:${pad(31 + (p % 3), 2)} AM] Project 'packages/pkg-${pad(p, 2)}/tsconfig.json' is up to date because newest input 'packages/pkg-${pad(p, 2)}/src/index.ts' is older than output 'packages/pkg-${pad(p, 2)}/dist/index.js'`,
      '',
    );
  }
  out.push(
    "[10:22:33 AM] Building project '/home/dev/mono/packages/api/tsconfig.json'...",
    '',
    "packages/api/src/routes.ts:14:7 - error TS2322: Type 'string | undefined' is not assignable to type 'number'.",
    '',
    '14   const port: number = process.env.PORT;',
    '         ~~~~',
    '',
    "packages/api/src/routes.ts:31:19 - error TS2345: Argument of type 'Request' is not assignable to parameter of type 'IncomingMessage'.",
    '',
    '31   handle(req as Request);',
    '                     ~~~~~~~~~~~~~~',
    '',
    '[10:22:34 AM] Found 2 errors. Watching for file changes.',
    '',
  );
  return out.join('\n');
}

const SERVICES = ['api', 'billing', 'search', 'auth'];

/** A service log of `lines` lines: interleaved INFO/DEBUG chatter, repeated WARNs, one ERROR with a Java trace. */
export function serviceLog(lines = 20_000, errorAt = 13_457): string {
  const r = rng(42);
  const out: string[] = [];
  const ts = (i: number) => {
    const sec = 3600 * 12 + Math.floor(i / 7);
    return `2024-03-01T${pad(Math.floor(sec / 3600) % 24, 2)}:${pad(Math.floor(sec / 60) % 60, 2)}:${pad(sec % 60, 2)}.${pad((i * 37) % 1000, 3)}Z`;
  };
  for (let i = 0; out.length < lines; i++) {
    const t = ts(i);
    const w = `[${SERVICES[i % 4]}-worker-${Math.floor(r() * 8)}]`;
    if (out.length === errorAt) {
      out.push(
        `${t} ERROR ${w} Charge failed for order ord_8f3a2c: upstream timeout after 30000ms (gateway=stripe, attempt=3)`,
        'com.acme.billing.GatewayTimeoutException: upstream timeout after 30000ms',
      );
      for (let f = 0; f < 48; f++) out.push(`\tat com.acme.billing.pipeline.Stage${f}.invoke(Stage${f}.java:${100 + f})`);
      out.push('Caused by: java.net.SocketTimeoutException: Read timed out');
      for (let f = 0; f < 20; f++) out.push(`\tat java.base/sun.nio.ch.NioSocketImpl.read${f}(NioSocketImpl.java:${280 + f})`);
      out.push('\t... 42 more');
      continue;
    }
    const x = r();
    if (x < 0.35) out.push(`${t} INFO  ${w} GET /api/v1/orders/${Math.floor(r() * 1e6)} 200 ${Math.floor(r() * 300)}ms`);
    else if (x < 0.55) out.push(`${t} DEBUG ${w} cache hit key=order:${Math.floor(r() * 1e5)} ttl=${Math.floor(r() * 600)}s`);
    else if (x < 0.7) out.push(`${t} DEBUG ${w} db query SELECT * FROM orders WHERE id = $1 took ${Math.floor(r() * 40)}ms rows=1`);
    else if (x < 0.8) out.push(`${t} INFO  ${w} kafka consumer lag partition=${Math.floor(r() * 12)} lag=${Math.floor(r() * 50)}`);
    else if (x < 0.9) out.push(`${t} INFO  ${w} health check ok db=up cache=up queue=up`);
    else if (x < 0.97) out.push(`${t} DEBUG ${w} scheduler tick job=reconcile-${Math.floor(r() * 4)} next_run_in=${Math.floor(r() * 60)}s`);
    else if (x < 0.99) out.push(`${t} WARN  ${w} slow query took ${1000 + Math.floor(r() * 4000)}ms table=orders`);
    else out.push(`${t} INFO  ${w} circuit breaker closed after error window of ${Math.floor(r() * 60)}s`);
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** nginx combined access log: mostly 200s, some 404s, one 502 at `badAt`. */
export function nginxAccessLog(lines = 3000, badAt = 2077): string {
  const r = rng(7);
  const paths = ['/', '/api/v1/products', '/api/v1/cart', '/static/app.js', '/static/app.css', '/api/v1/search?q=shoes'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'curl/8.4.0', 'Go-http-client/1.1'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ip = `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
    const t = `01/Mar/2024:12:${pad(Math.floor(i / 60) % 60, 2)}:${pad(i % 60, 2)} +0000`;
    let path = paths[Math.floor(r() * paths.length)]!;
    let status = r() < 0.03 ? 404 : 200;
    if (i === badAt) {
      path = '/api/v1/checkout';
      status = 502;
    }
    const agent = agents[Math.floor(r() * agents.length)]!;
    out.push(`${ip} - - [${t}] "GET ${path} HTTP/1.1" ${status} ${Math.floor(r() * 50000)} "-" "${agent}"`);
  }
  return `${out.join('\n')}\n`;
}

/** go test -v ./...: three green packages (120 tests) then the failing shard package from the fixture file. */
export function goTestRun(): string {
  const out: string[] = [];
  for (const pkg of ['cache', 'queue', 'router']) {
    for (let t = 0; t < 40; t++) {
      const name = `Test${pkg[0]!.toUpperCase()}${pkg.slice(1)}Case${pad(t, 2)}`;
      out.push(`=== RUN   ${name}`, `--- PASS: ${name} (0.0${t % 10}s)`);
    }
    out.push('PASS', `ok  \texample.com/${pkg}\t0.0${pkg.length}1s`);
  }
  return `${out.join('\n')}\n${fixture('go-test-panic.txt')}`;
}
