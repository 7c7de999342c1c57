import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlDetector } from '../../../src/compress/html/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/html/${name}`, import.meta.url), 'utf8');
const detect = htmlDetector.detect;

const tsx = `import { useState } from 'react';

export function Counter({ label }: { label: string }) {
  const [n, setN] = useState(0);
  return (
    <div className="counter">
      <span>{label}</span>
      <button onClick={() => setN(n + 1)}>{n}</button>
    </div>
  );
}
`;
const vue = `<template>
  <div class="todo">
    <ul><li v-for="t in todos" :key="t.id">{{ t.text }}</li></ul>
  </div>
</template>

<script setup lang="ts">
const todos = ref([]);
</script>
`;
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
</project>
`;
const markdown = `# Release notes

Some <b>bold</b> text and a line break<br>here.

<details><summary>Changelog</summary>

- fixed the <code>parse</code> bug
- added <kbd>Ctrl</kbd>+<kbd>K</kbd>

</details>
`;
const fragment = `<div class="results"><div class="item"><a href="/1">One</a><span>1</span></div>
<div class="item"><a href="/2">Two</a><span>2</span></div><div class="item"><a href="/3">Three</a><span>3</span></div>
<div class="item"><a href="/4">Four</a><span>4</span></div><div class="item"><a href="/5">Five</a><span>5</span></div>
</div>`;

describe('htmlDetector', () => {
  it('is the html kind', () => {
    expect(htmlDetector.kind).toBe('html');
  });

  it('is confident on full pages (doctype, <html>, after HTTP headers or a leading comment)', () => {
    for (const f of ['article.html', 'docs.html', 'issue.html', 'app-shell.html']) {
      expect(detect(fixture(f), {})).toBeGreaterThanOrEqual(0.9);
    }
    expect(detect('<html lang="en"><body><p>x</p></body></html>', {})).toBeGreaterThanOrEqual(0.9);
    expect(detect('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<!DOCTYPE html><html>', {})).toBeGreaterThan(0.9);
    expect(detect('<!-- generated -->\n<!doctype html>\n<html>', {})).toBeGreaterThan(0.9);
  });

  it('scores a tag-dense fragment as likely, and more so with fetch hints or an .html path', () => {
    const bare = detect(fragment, {});
    expect(bare).toBeGreaterThanOrEqual(0.5);
    expect(detect(fragment, { toolName: 'WebFetch' })).toBeGreaterThan(bare);
    expect(detect(fragment, { command: 'curl -s https://example.com/list' })).toBeGreaterThan(bare);
    expect(detect(fragment, { path: 'site/list.html' })).toBeGreaterThan(bare);
  });

  it('scores component sources, XML and markdown low', () => {
    expect(detect(tsx, {})).toBeLessThanOrEqual(0.1);
    expect(detect(tsx, { path: 'src/Counter.tsx' })).toBeLessThanOrEqual(0.1);
    expect(detect(vue, {})).toBeLessThanOrEqual(0.1);
    expect(detect(vue, { path: 'src/Todo.vue' })).toBeLessThanOrEqual(0.1);
    expect(detect(xml, {})).toBeLessThanOrEqual(0.1);
    expect(detect(xml, { path: 'pom.xml' })).toBeLessThanOrEqual(0.1);
    expect(detect(markdown, {})).toBeLessThanOrEqual(0.1);
    expect(detect(markdown, { path: 'CHANGELOG.md' })).toBeLessThanOrEqual(0.1);
    // A page read from a template or JSX file is source code, whatever it contains.
    expect(detect(fixture('article.html'), { path: 'src/Article.jsx' })).toBeLessThanOrEqual(0.1);
  });

  it('a fetch tool alone does not make markdown (what many fetch tools return) into HTML', () => {
    expect(detect(markdown, { toolName: 'WebFetch' })).toBeLessThanOrEqual(0.1);
    expect(detect('Plain text answer from a fetch tool.', { toolName: 'fetch' })).toBe(0);
  });

  it('accepts XHTML served with an XML declaration', () => {
    expect(detect('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">', {})).toBeGreaterThan(0.8);
  });
});
