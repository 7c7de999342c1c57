/**
 * Codebase exploration: the agent lists a repository, finds its files, reads package.json and three source files
 * (TypeScript, Python, Go), and must say how invoice PDFs are produced. File reads are code, which passes through
 * until the code compressor lands, so this scenario saves least.
 */
import { createRng, pad, type Rng } from '../prng.ts';
import { goFile, pythonFile, typescriptFile } from './source-gen.ts';
import type { Workload } from './types.ts';

const ENTRY = './src/billing/invoice-renderer.ts';
const SIGNATURE = 'export async function renderInvoicePdf(invoice: Invoice, opts: RenderOptions = {}): Promise<Uint8Array> {';
const PDF_VERSION = '0.15.2';

const TREE: Record<string, readonly string[]> = {
  'src/billing': ['invoice-renderer.ts', 'types.ts', 'errors.ts', 'money.ts', 'tax.ts', 'discounts.ts', 'ledger.ts', 'index.ts'],
  'src/auth': ['session.ts', 'tokens.ts', 'oauth.ts', 'index.ts'],
  'src/http': ['server.ts', 'router.ts', 'errors.ts'],
  'src/http/routes': ['invoices.ts', 'customers.ts', 'payments.ts', 'webhooks.ts', 'health.ts'],
  'src/db': ['client.ts', 'pool.ts', 'tx.ts'],
  'src/jobs': ['render-invoices.ts', 'send-reminders.ts', 'sync-ledger.ts'],
  'src/logging': ['index.ts'],
  'services/pdf-worker': ['worker.py', 'requirements.txt', 'Dockerfile', 'README.md'],
  'services/pdf-worker/tests': ['test_worker.py', 'conftest.py'],
  'cmd/invoicer': ['main.go', 'store.go', 'batch.go'],
  'migrations': [], 'test/billing': [], 'test/http': [], 'docs': ['architecture.md', 'billing.md', 'runbook.md'],
  'public/fonts': ['Inter-Regular.ttf', 'Inter-Bold.ttf'], 'public/img': [], '.github/workflows': ['ci.yml', 'release.yml'],
};

function findOutput(rng: Rng): string {
  const files: string[] = ['./package.json', './package-lock.json', './tsconfig.json', './README.md', './.gitignore', './go.mod', './go.sum'];
  for (const [dir, names] of Object.entries(TREE)) {
    let list = [...names];
    if (dir === 'migrations') {
      const verb = (): string => rng.pick(['add', 'alter', 'drop', 'index']);
      const table = (): string => rng.pick(['invoices', 'customers', 'payments', 'ledger', 'tax_rates']);
      list = Array.from({ length: 48 }, (_, i) => `${pad(i + 1, 4)}_${verb()}_${table()}.sql`);
    }
    if (dir.startsWith('test/')) list = (TREE[dir.replace('test', 'src')] ?? TREE['src/billing']!).map((n) => n.replace('.ts', '.test.ts'));
    if (dir === 'public/img') {
      list = Array.from({ length: 60 }, (_, i) => `${rng.pick(['logo', 'icon', 'badge', 'hero'])}-${i}@${rng.pick(['1x', '2x'])}.png`);
    }
    for (const name of list) files.push(`./${dir}/${name}`);
    if (dir.startsWith('src/')) {
      for (let i = 0; i < rng.int(0, 6); i++) files.push(`./${dir}/${rng.pick(['util', 'helpers', 'schema', 'constants'])}-${i}.ts`);
    }
  }
  for (let i = 0; i < 180; i++) files.push(`./dist/chunks/chunk-${rng.hex(8)}.js`, `./dist/chunks/chunk-${rng.hex(8)}.js.map`);
  return files.join('\n') + '\n';
}

function lsOutput(rng: Rng): string {
  const rows: Array<[string, string]> = [['d', '.'], ['d', '..'], ['d', '.git'], ['d', '.github'], ['-', '.gitignore'],
    ['-', 'README.md'], ['d', 'cmd'], ['d', 'dist'], ['d', 'docs'], ['-', 'go.mod'], ['-', 'go.sum'], ['d', 'migrations'],
    ['d', 'node_modules'], ['-', 'package-lock.json'], ['-', 'package.json'], ['d', 'public'], ['d', 'services'],
    ['d', 'src'], ['d', 'test'], ['-', 'tsconfig.json']];
  const lines = [`total ${rng.int(900, 1400)}`];
  for (const [t, name] of rows) {
    const size = t === 'd' ? 4096 : name.endsWith('-lock.json') || name === 'go.sum' ? rng.int(90_000, 420_000) : rng.int(120, 4_000);
    const day = rng.int(1, 28);
    const mode = t === 'd' ? `drwxr-xr-x ${rng.int(2, 30)}` : '-rw-r--r-- 1';
    const time = `${pad(rng.int(8, 19), 2)}:${pad(rng.int(0, 59), 2)}`;
    lines.push(`${mode} dev dev ${String(size).padStart(7)} Mar ${String(day).padStart(2)} ${time} ${name}`);
  }
  return lines.join('\n') + '\n';
}

function packageJson(rng: Rng): string {
  const deps: Record<string, string> = { '@aws-sdk/client-s3': '3.614.0', hono: '4.5.1', ioredis: '5.4.1', pdfkit: PDF_VERSION,
    pino: '9.3.1', postgres: '3.4.4', stripe: '16.2.0', zod: '3.23.8' };
  const dev: Record<string, string> = { '@types/node': '20.14.10', '@types/pdfkit': '0.13.4', tsx: '4.16.2', typescript: '5.5.3', vitest: '2.0.2' };
  return JSON.stringify({ name: '@acme/billing', version: `1.${rng.int(10, 40)}.0`, private: true, type: 'module',
    engines: { node: '>=20' }, scripts: { build: 'tsc -p tsconfig.build.json', dev: 'tsx watch src/http/server.ts',
      test: 'vitest run', lint: 'eslint .', 'render:once': 'tsx src/jobs/render-invoices.ts --once' },
    dependencies: deps, devDependencies: dev }, null, 2) + '\n';
}

export function codebaseWorkload(seed = 4): Workload {
  const rng = createRng(seed);
  const renderer = typescriptFile(rng, ["import PDFDocument from 'pdfkit';", '',
    '/** Entry point: lays out one invoice on A4 and returns the PDF bytes. Fonts come from public/fonts. */',
    SIGNATURE, '  const doc = new PDFDocument({ size: \'A4\', margin: 48, info: { Title: `Invoice ${invoice.number}` } });',
    "  doc.registerFont('body', opts.fontPath ?? 'public/fonts/Inter-Regular.ttf');",
    '  return collect(doc, () => layoutInvoice(doc, invoice, opts));', '}']);
  return {
    name: 'codebase exploration',
    question: 'How are invoice PDFs generated in this repo: which library (and version) renders them, and where is the entry point?',
    outputs: [
      { label: 'ls -la', text: lsOutput(rng), toolName: 'Bash', command: 'ls -la' },
      { label: 'find -type f', text: findOutput(rng), toolName: 'Bash', command: "find . -type f -not -path './node_modules/*' -not -path './.git/*'" },
      { label: 'Read package.json', text: packageJson(rng), toolName: 'Read', path: 'package.json' },
      { label: 'Read invoice-renderer.ts', text: renderer, toolName: 'Read', path: 'src/billing/invoice-renderer.ts' },
      { label: 'Read worker.py', text: pythonFile(rng), toolName: 'Read', path: 'services/pdf-worker/worker.py' },
      { label: 'Read main.go', text: goFile(rng), toolName: 'Read', path: 'cmd/invoicer/main.go' },
    ],
    gold: [ENTRY, PDF_VERSION, SIGNATURE],
    targetPct: 60,
    headroomPct: 47,
  };
}
