/**
 * `GET /dashboard` on the proxy: savings over time, by model and agent, the accounting buckets, recent requests and
 * each request's diff — server-rendered from the stats ledger and the diff recorder, updated by polling.
 */
import { Hono } from 'hono';
import type { DiffRecorder } from '../proxy/request-diff.ts';
import { requestDiff } from '../proxy/request-diff.ts';
import type { StatsLedger } from '../proxy/stats.ts';
import { diffView } from './diff-view.ts';
import { CSP, page } from './page.ts';
import { liveSections } from './sections.ts';

export interface DashboardOptions {
  ledger: StatsLedger;
  diffs: DiffRecorder;
  version: string;
  /** How many recent requests to list and chart. */
  recent?: number;
}

const HEADERS = { 'content-security-policy': CSP, 'cache-control': 'no-store' };

export function createDashboard({ ledger, diffs, version, recent = 50 }: DashboardOptions): Hono {
  const app = new Hono();
  const live = async () => liveSections(await ledger.totals(), await ledger.recent(recent));
  app.get('/', async (c) => c.html(page('headroom dashboard', version, await live()), 200, HEADERS));
  app.get('/live', async (c) => c.html(await live(), 200, HEADERS));
  app.get('/requests/:id', async (c) => {
    const view = diffView(await requestDiff(ledger, diffs, c.req.param('id')));
    if (c.req.query('fragment') === '1') return c.html(view, 200, HEADERS);
    return c.html(page('headroom: request diff', version, await live(), view), 200, HEADERS);
  });
  return app;
}
