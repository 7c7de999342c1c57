import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMarker } from '../../../src/ccr/marker.ts';
import { createContext } from '../../../src/compress/context.ts';
import { NAME, createHtmlCompressor, type HtmlOptions } from '../../../src/compress/html/index.ts';
import type { Hints } from '../../../src/compress/types.ts';
import { countTokens } from '../../../src/tokens/count.ts';
import { type ContractCase, runCompressorContract } from '../contract.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/html/${name}`, import.meta.url), 'utf8');
const article = fixture('article.html');
const docs = fixture('docs.html');
const issue = fixture('issue.html');
const appShell = fixture('app-shell.html');

const compressor = createHtmlCompressor();

function run(text: string, opts?: HtmlOptions, hints: Hints = {}): string | null {
  const out = createHtmlCompressor(opts).compress({ text, kind: 'html', hints }, createContext({}));
  return out?.text ?? null;
}

/** The marker line every lossy output ends with, for `bytes` characters of input. */
const marker = (size: string) =>
  `[headroom: extracted main text from ${size} of HTML; markup, scripts, navigation dropped · id=${'0'.repeat(32)}]`;

// Chrome and script that every small golden page carries, so extraction has something to drop.
const CHROME =
  '<nav><a href="/a">Home</a> <a href="/b">Products</a> <a href="/c">Pricing</a></nav>' +
  '<script>window.analytics = { track() {}, page() {}, identify() {} }; analytics.page("home");</script>';
const page = (body: string, title = '') =>
  `<!doctype html><html><head>${title ? `<title>${title}</title>` : ''}<style>body{margin:0}</style></head><body>${CHROME}${body}</body></html>`;

const contractCases: ContractCase[] = [
  {
    name: 'blog article with nav, cookie banner, sidebar, footer, scripts',
    text: article,
    kind: 'html',
    hints: { toolName: 'WebFetch' },
    gold: [
      '# Why our Postgres p99 latency doubled after the upgrade',
      'the p99 latency of the `orders` API went from 38 ms to 81 ms',
      '- Cache hit ratio stayed at 99.7%.',
      '```sql\nSELECT id, customer_id, total\n  FROM orders\n WHERE customer_id = $1\n ORDER BY created_at DESC, id DESC\n LIMIT 50;\n```',
      '    ON orders (customer_id, created_at DESC, id DESC);',
      '| Version | p50 | p99 |\n| --- | --- | --- |',
      '| Postgres 16, before fix | 12 ms | 81 ms |',
      '> The planner now believes sorting 50 rows in memory is cheaper than walking the index backwards.',
      '[image: Chart of p99 latency rising from 38 ms to 81 ms on March 1]',
      '[incremental sort](https://www.postgresql.org/docs/16/runtime-config-query.html#GUC-ENABLE-INCREMENTAL-SORT)',
    ],
  },
  {
    name: 'docs page with highlighted code blocks, options table, admonition',
    text: docs,
    kind: 'html',
    hints: { command: 'curl -s https://quarry.dev/docs/config' },
    gold: [
      '# Configuration reference',
      "```ts\nimport { defineConfig } from 'quarry';\n\nexport default defineConfig({\n  entry: 'src/index.ts',",
      "  cacheDir: '.quarry/cache',",
      '```bash\nQUARRY_WORKERS=8 npx quarry config --print\n  # prints JSON with every resolved option\n```',
      '| `workers` | `number` | `os.cpus().length - 1` | Parallel worker threads. Set to `0` to build in the main thread. |',
      "| `sourcemap` | `boolean \\| 'inline' \\| 'hidden'` | `false` |",
      'Changing `cacheDir` invalidates every cached build. Run `quarry clean` afterwards.',
      '`QUARRY_NO_CACHE`\n  Disables the cache when set to `1`.',
      '## Environment variables',
    ],
  },
  {
    name: 'GitHub-like issue page with timeline comments and sidebar',
    text: issue,
    kind: 'html',
    gold: [
      'Worker crashes with "RangeError: Maximum call stack size exceeded" on nested tables #4182',
      '### Describe the bug',
      'This started in v3.2.0; v3.1.4 is fine.',
      '```shell\nnpx quarry build --entry fixtures/nested-tables.html\n# Error: RangeError: Maximum call stack size exceeded\n#     at walk (node_modules/quarry/dist/html.js:212:17)\n```',
      '- [x] I searched existing issues',
      '- [ ] I tested on the main branch',
      'set `html.maxDepth: 256` in your config.',
      '[9f3e2a1](https://github.com/quarry/quarry/commit/9f3e2a1b7c)',
      'Build time went from a crash to 14.2 s.',
      '### mchen commented May 2, 2024',
    ],
  },
];

const declineCases: ContractCase[] = [
  { name: 'JavaScript app shell', text: appShell, kind: 'html', gold: [] },
  { name: 'markdown with a couple of tags', text: '# Notes\n\nSome <b>bold</b> text.\n\n- a\n- b\n', kind: 'html', gold: [] },
  { name: 'plain text', text: 'no markup at all here, just words\n'.repeat(20), kind: 'html', gold: [] },
  { name: 'page that is all navigation', text: page('<footer>© 2024</footer>'), kind: 'html', gold: [] },
];

runCompressorContract(compressor, contractCases, declineCases);

describe('html: what is dropped', () => {
  const dropped: [string, string, string[]][] = [
    ['article', article, ['Accept all', 'We use cookies', 'Careers', 'Skip to content', 'Tuning autovacuum', 'gtag',
      'Cutting Kubernetes costs', 'Sign in', '© 2024 Acme', 'Get our posts by email', 'Share on X', 'font-family']],
    ['docs', docs, ['Introduction', 'Edit this page', 'Discord', 'Copy code', 'localStorage', 'v3.1', 'Previous',
      'Direct link', 'Built with Docusaurus']],
    ['issue', issue, ['Pricing', 'Sign up', 'You can’t perform', 'Terms', 'Assignees', 'Milestone', 'Pull requests',
      '@dkowalski', 'Footer']],
  ];
  for (const [name, text, absent] of dropped) {
    it(`${name}: chrome, scripts, styles and hidden text are gone; marker closes the output`, () => {
      const out = run(text);
      expect(out).not.toBeNull();
      for (const s of absent) expect(out, `should be dropped: ${s}`).not.toContain(s);
      expect(out?.split('\n').at(-1)).toMatch(/^\[headroom: extracted main text from \d+ KB of HTML; .* · id=0{32}\]$/);
      expect(countTokens(out ?? '')).toBeLessThan(countTokens(text) * 0.35);
    });
  }

  it('keeps a differing <title> once, above the content', () => {
    expect(run(article)?.split('\n')[0]).toBe(
      'Title: Why our Postgres p99 latency doubled after the upgrade – Acme Engineering Blog',
    );
  });
});

describe('html: golden outputs', () => {
  it('lists: nesting, paragraphs in items, empty items, ordered start', () => {
    const html = page(
      '<ul><li>one<ul><li>nested <b>bold</b></li><li>two<p>para in item</p></li></ul></li><li></li><li>three</li></ul>' +
        '<ol start="3"><li>c</li><li>d</li></ol>',
      'Lists',
    );
    expect(run(html, { minTextChars: 1 })).toBe(
      ['Title: Lists', '', '- one', '  - nested bold', '  - two', '    para in item', '- three', '', '3. c', '4. d', '',
        marker(`${html.length} bytes`)].join('\n'),
    );
  });

  it('tables: pipes escaped, no invented header rule, layout tables walked as blocks', () => {
    const html = page(
      '<table><tr><td>a|b</td><td>1</td></tr><tr><td>c</td><td><a href="https://x.dev/p">2</a></td></tr></table>' +
        '<table><tr><td><h2>Layout</h2><p>cell text</p></td><td><table><tr><td>inner</td></tr></table></td></tr></table>',
    );
    expect(run(html, { minTextChars: 1 })).toBe(
      ['| a\\|b | 1 |', '| c | [2](https://x.dev/p) |', '', '## Layout', '', 'cell text', '', 'inner', '',
        marker(`${html.length} bytes`)].join('\n'),
    );
  });

  it('code verbatim, inline code with backticks, strike-through, link hrefs once and only when useful', () => {
    const html = page(
      '<pre>\n  def f(x):\n\treturn x  # tab\n\n</pre><p>Use <code>a`b</code> and <del>old</del> new. See ' +
        '<a href="#top">top</a>, <a href="https://e.com/very">docs</a> and <a href="https://e.com/very">docs again</a>' +
        ' and <a href="https://e.com/raw">https://e.com/raw</a>.</p>',
    );
    expect(run(html, { minTextChars: 1 })).toBe(
      ['```', '  def f(x):', '\treturn x  # tab', '```', '',
        'Use ``a`b`` and ~~old~~ new. See top, [docs](https://e.com/very) and docs again and https://e.com/raw.', '',
        marker(`${html.length} bytes`)].join('\n'),
    );
    expect(run(html, { minTextChars: 1, links: false })).toContain('See top, docs and docs again and https://e.com/raw.');
  });

  it('hidden elements and cookie notices dropped; breaks, entities, quotes and definitions kept', () => {
    const html = page(
      '<div hidden>hidden one</div><p style="display: none">hidden two</p><span aria-hidden="true">hidden three</span>' +
        '<div class="cookie-notice">We use cookies</div><p>Visible<br>second line &amp; more&nbsp;text</p>' +
        '<blockquote><p>quoted</p><ul><li>q item</li></ul></blockquote><dl><dt>term</dt><dd>definition</dd></dl>',
    );
    expect(run(html, { minTextChars: 1 })).toBe(
      ['Visible', 'second line & more text', '', '> quoted', '> - q item', '', 'term', '  definition', '',
        marker(`${html.length} bytes`)].join('\n'),
    );
  });

  it('curl -iL output: status lines, Location and Content-Type kept; title equal to the h1 said once', () => {
    const html =
      'HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/new\r\nServer: nginx\r\n\r\n' +
      'HTTP/2 200\r\ncontent-type: text/html; charset=utf-8\r\nset-cookie: a=b\r\n\r\n' +
      page('<main><h1>Moved page</h1><p>The content lives here now.</p></main>', 'Moved page');
    expect(run(html, { minTextChars: 1 })).toBe(
      ['HTTP/1.1 301 Moved Permanently', 'Location: https://example.com/new', 'HTTP/2 200',
        'content-type: text/html; charset=utf-8', '', '# Moved page', '', 'The content lives here now.', '',
        marker(`${html.length} bytes`)].join('\n'),
    );
  });

  it('<main> wins over surrounding chrome; long tracking hrefs are dropped, link text kept', () => {
    const long = `https://t.example/c?u=${'x'.repeat(200)}`;
    const html = page(
      `<div class="promo">Big sale</div><main><p>Read the <a href="${long}">release notes</a> first.</p></main>` +
        '<div class="sidebar"><p>Other stuff nobody needs</p></div>',
    );
    expect(run(html, { minTextChars: 1 })).toBe(['Read the release notes first.', '', marker(`${html.length} bytes`)].join('\n'));
  });
});

describe('html: fails open', () => {
  it('returns null when the deadline passes', () => {
    let t = 0;
    const ctx = createContext({ budgetMs: 10, now: () => (t += 100) });
    expect(compressor.compress({ text: article, kind: 'html', hints: {} }, ctx)).toBeNull();
  });

  it('survives thousands of unclosed tags and a truncated page', () => {
    const deep = `<html><body>${'<div><span>text '.repeat(3000)}</body></html>`;
    expect(() => run(deep)).not.toThrow();
    const truncated = article.slice(0, Math.floor(article.length * 0.6));
    const out = run(truncated);
    expect(out).toContain('# Why our Postgres p99 latency doubled after the upgrade');
    expect(out).toContain('- Cache hit ratio stayed at 99.7%.');
  });

  it('declines when the output would not be smaller (a page that is one big <pre>)', () => {
    expect(run(`<html><body><pre>${'code line with    spaces\n'.repeat(200)}</pre></body></html>`)).toBeNull();
  });

  it('has the registered name', () => {
    expect(compressor.name).toBe(NAME);
    expect(NAME).toBe('html');
  });
});

describe('html: properties', () => {
  const word = fc.stringMatching(/^[a-z]{2,9}$/);
  const sentence = fc.array(word, { minLength: 4, maxLength: 12 }).map((ws) => `${ws.join(' ')}.`);
  const wrap = fc.constantFrom(
    (s: string) => `<p>${s}</p>`,
    (s: string) => `<div class="content"><p>${s}</p></div>`,
    (s: string) => `<ul><li>${s}</li></ul>`,
    (s: string) => `<section><h2>${s}</h2></section>`,
    (s: string) => `<table><tr><td>${s}</td></tr><tr><td>x</td></tr></table>`,
  );
  const noise = fc.constantFrom(
    '<nav><a href="/x">Menu entry</a></nav>',
    '<script>var q = "<p>not text</p>";</script>',
    '<style>.a{color:red}</style>',
    '<!-- a comment -->',
    '<div hidden>secret</div>',
    '<aside>Related links</aside>',
  );
  const block = fc.tuple(sentence, wrap, noise).map(([s, w, n]) => ({ fact: s, html: w(s) + n }));

  it('planted sentences survive, output is deterministic, smaller in tokens, and marked', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 3, maxLength: 25 }), (blocks) => {
        const html = `<!doctype html><html><head><title>T</title></head><body>${blocks.map((b) => b.html).join('\n')}</body></html>`;
        const input = { text: html, kind: 'html' as const, hints: {} };
        const a = compressor.compress(input, createContext({}));
        const b = compressor.compress(input, createContext({}));
        expect(a).toEqual(b);
        if (!a) return;
        expect(countTokens(a.text)).toBeLessThanOrEqual(countTokens(html));
        expect(hasMarker(a.text)).toBe(true);
        for (const { fact } of blocks) expect(a.text).toContain(fact);
        for (const junk of ['not text', 'Menu entry', 'secret', 'Related links', 'color:red', 'a comment']) {
          expect(a.text).not.toContain(junk);
        }
      }),
      { numRuns: 150 },
    );
  });
});
