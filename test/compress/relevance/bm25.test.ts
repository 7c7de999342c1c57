import { describe, expect, it } from 'vitest';
import { scoreDocuments, topMatches } from '../../../src/compress/relevance/bm25.ts';
import { analyzeQuery } from '../../../src/compress/relevance/query.ts';

describe('analyzeQuery', () => {
  it('keeps content words and exact literals, drops stopwords', () => {
    const q = analyzeQuery('Why did the payment for "ord_8812" fail on web-3.internal after v2.3.1?');
    expect(q.terms).toEqual(['payment', 'ord_8812', 'ord', '8812', 'fail', 'web', 'internal', 'v2', '3.1']);
    expect(q.exact).toEqual(['ord_8812', 'web-3.internal', 'v2.3.1']);
  });

  it('splits camelCase and snake_case identifiers', () => {
    expect(analyzeQuery('where is RedisSessionStore built').terms).toEqual(['where', 'redissessionstore', 'redis', 'session', 'store', 'built'].filter((t) => t !== 'where'));
  });
});

describe('scoreDocuments', () => {
  const docs = [
    'INFO heartbeat ok',
    'ERROR payment failed for ord_8812: card declined',
    'INFO payment ok for ord_1001',
    'WARN retrying payment gateway',
    'new RedisSessionStore(redis)',
  ];

  it('ranks the document that matches terms and literals first; unrelated docs score 0', () => {
    const s = scoreDocuments(docs, analyzeQuery('why did payment ord_8812 fail'));
    expect(s[0]).toBe(0);
    expect(topMatches(s, 2)).toEqual([1, 2]);
  });

  it('matches identifier parts case-insensitively', () => {
    const s = scoreDocuments(docs, analyzeQuery('session store'));
    expect(topMatches(s, 5)).toEqual([4]);
  });

  it('returns all zeros for an empty query', () => {
    expect(scoreDocuments(docs, analyzeQuery(''))).toEqual([0, 0, 0, 0, 0]);
  });
});
