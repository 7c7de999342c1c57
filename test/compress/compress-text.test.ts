import { describe, expect, it } from 'vitest';
import { compressText } from '../../src/compress/compress-text.ts';
import { serviceLog } from '../fixtures/bodies.ts';

describe('compressText on mixed content', () => {
  it('compresses a fenced log inside prose and leaves the prose byte-identical', async () => {
    const prose = 'I ran the service and it printed this:\n\n';
    const text = `${prose}\`\`\`\n${serviceLog(600, 300)}\`\`\`\n\nWhat went wrong?\n`;
    const r = await compressText(text, { query: 'why did ord_8812 fail' });
    expect(r.kind).toBe('mixed');
    expect(r.text.startsWith(`${prose}\`\`\`\n`)).toBe(true);
    expect(r.text.endsWith('```\n\nWhat went wrong?\n')).toBe(true);
    expect(r.text).toContain('charge failed: upstream timeout after 30000ms (order=ord_8812)');
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore / 3);
    expect(r.decisions.map((d) => d.kind)).toContain('log');
  });

  it('compresses JSON embedded between lines of prose', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, region: 'eu-west-1', latency_ms: 40 + (i % 7), status: i === 177 ? 'error: disk full on /var' : 'ok' }));
    const text = `GET /metrics returned:\n${JSON.stringify(rows, null, 2)}\nEnd of response.\n`;
    const r = await compressText(text, { query: 'which request failed' });
    expect(r.text.startsWith('GET /metrics returned:\n')).toBe(true);
    expect(r.text).toContain('error: disk full on /var');
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore / 4);
  });

  it('splits a short preamble from its payload (Codex exec output)', async () => {
    const text = `Exit code: 0\nWall time: 1.2 seconds\nOutput:\n${serviceLog(800, 500)}`;
    const r = await compressText(text, { query: 'ord_8812' });
    expect(r.text.startsWith('Exit code: 0\nWall time: 1.2 seconds\nOutput:\n')).toBe(true);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore / 4);
  });
});
