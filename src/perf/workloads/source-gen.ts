/** Seeded source files in TypeScript, Python and Go: plausible shapes (imports, types, functions with bodies). */
import type { Rng } from '../prng.ts';

const NOUNS = ['invoice', 'customer', 'lineItem', 'tax', 'discount', 'currency', 'payment', 'refund', 'ledger', 'batch'];
const VERBS = ['load', 'validate', 'normalize', 'compute', 'format', 'persist', 'enqueue', 'reconcile', 'render', 'fetch'];

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tsStatements(rng: Rng, noun: string): string[] {
  const rows = `${noun}Rows`;
  const middle = [
    `  if (${rows}.length === 0) throw new BillingError('no ${noun} rows for invoice ' + invoice.id, { code: 'E_${snake(noun).toUpperCase()}_EMPTY' });`,
    `  log.debug({ invoiceId: invoice.id, count: ${rows}.length }, '${noun} rows loaded');`,
    `  for (const item of ${rows}) {\n    if (item.currency !== invoice.currency) warnings.push(\`\${item.id}: currency mismatch\`);\n  }`,
    `  await events.publish('billing.${noun}.updated', { id: invoice.id, rows: ${rows}.length });`,
  ];
  return [
    `  const ${rows} = await repo.find${cap(noun)}Rows({ invoiceId: invoice.id, limit: ${rng.int(10, 500)} });`,
    ...middle.filter(() => rng.chance(0.6)),
    `  const total = ${rows}.reduce((sum, x) => sum + x.amountMinor, 0);`,
    `  return roundHalfEven(total * ${rng.int(2, 25)} / 100, currencyExponent(invoice.currency));`,
  ];
}

export function typescriptFile(rng: Rng, extra: string[]): string {
  const out = [
    "import { createLogger } from '../logging/index.ts';",
    "import type { Invoice, LineItem, Currency } from './types.ts';",
    "import { BillingError } from './errors.ts';",
    "import { roundHalfEven, currencyExponent } from './money.ts';", "import { events, repo } from './deps.ts';",
    "const log = createLogger('billing');", '',
    ...extra, '',
  ];
  for (let i = 0; i < 14; i++) {
    const noun = rng.pick(NOUNS);
    const verb = rng.pick(VERBS);
    out.push(`/** ${cap(verb)}s the ${noun} rows of an invoice; amounts are integer minor units (cents), never floats. */`);
    out.push(`export async function ${verb}${cap(noun)}${i}(invoice: Invoice, warnings: string[] = []): Promise<number> {`);
    out.push(...tsStatements(rng, noun), '}', '');
  }
  return out.join('\n');
}

export function pythonFile(rng: Rng): string {
  const out = ['"""PDF worker: consumes render jobs from the queue and uploads finished invoices."""', '',
    'from __future__ import annotations', '', 'import json', 'import logging', 'import time',
    'from dataclasses import dataclass', '', 'import boto3', 'from redis import Redis', '',
    'log = logging.getLogger(__name__)', '', '', '@dataclass(frozen=True)', 'class RenderJob:',
    '    invoice_id: str', '    locale: str', '    attempt: int = 0', ''];
  for (let i = 0; i < 12; i++) {
    const noun = snake(rng.pick(NOUNS));
    const verb = rng.pick(VERBS);
    out.push('', '', `def ${verb}_${noun}_${i}(job: RenderJob, redis: Redis, retries: int = ${rng.int(1, 5)}) -> dict[str, object]:`);
    out.push(`    """${cap(verb)} the ${noun} data a render job needs; retried on transient Redis errors."""`);
    out.push(`    key = f"render:{job.invoice_id}:${noun}"`, '    for attempt in range(retries):', '        try:',
      '            raw = redis.get(key)', '            break', '        except ConnectionError:',
      `            log.warning("redis unavailable, retry %d/%d for %s", attempt + 1, retries, job.invoice_id)`,
      `            time.sleep(${rng.int(1, 9) / 10} * (attempt + 1))`, '    else:',
      `        raise RuntimeError(f"gave up on {key}")`, `    data = json.loads(raw or "{}")`,
      `    data.setdefault("${noun}", [])`, '    return data');
  }
  return out.join('\n') + '\n';
}

export function goFile(rng: Rng): string {
  const out = ['// Command invoicer batches finalised invoices and hands them to the PDF worker.', 'package main', '',
    'import (', '\t"context"', '\t"errors"', '\t"fmt"', '\t"log/slog"', '\t"os"', '\t"time"', ')', ''];
  for (let i = 0; i < 12; i++) {
    const noun = cap(rng.pick(NOUNS));
    const verb = rng.pick(VERBS);
    out.push(`// ${verb}${noun}${i} ${verb}s one ${noun.toLowerCase()} batch; it is safe to retry.`);
    out.push(`func ${verb}${noun}${i}(ctx context.Context, db *Store, id string) (*${noun}, error) {`);
    out.push(`\tctx, cancel := context.WithTimeout(ctx, ${rng.int(2, 30)}*time.Second)`, '\tdefer cancel()',
      `\tv, err := db.Get${noun}(ctx, id)`, '\tif err != nil {', `\t\tif errors.Is(err, ErrNotFound) {`,
      `\t\t\treturn nil, fmt.Errorf("${noun.toLowerCase()} %s: %w", id, err)`, '\t\t}',
      `\t\tslog.ErrorContext(ctx, "get ${noun.toLowerCase()}", "id", id, "err", err)`, '\t\treturn nil, err', '\t}',
      `\tif v.UpdatedAt.Before(time.Now().Add(-${rng.int(1, 72)} * time.Hour)) {`,
      `\t\tslog.InfoContext(ctx, "stale ${noun.toLowerCase()}", "id", id)`, '\t}', '\treturn v, nil', '}', '');
  }
  out.push('func main() {', '\tif err := run(context.Background(), os.Args[1:]); err != nil {',
    '\t\tfmt.Fprintln(os.Stderr, "invoicer:", err)', '\t\tos.Exit(1)', '\t}', '}');
  return out.join('\n') + '\n';
}
