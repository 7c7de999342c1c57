import { describe, expect, it } from 'vitest';
import { LOG_FORMATS } from '../../../src/compress/log/formats.ts';
import { logDetector } from '../../../src/compress/log/index.ts';
import { compileScanner, splitAlternatives } from '../../../src/compress/log/scanner.ts';
import {
  aptGetInstall,
  bundleInstall,
  cmakeBuild,
  dockerBuild,
  kubectlPods,
  lsLong,
  markdownList,
  pipInstall,
  prose,
  psAux,
  pythonSource,
  repeatedProse,
  yamlManifest,
} from './build-fixtures.ts';
import { fixture, goTestRun, jestRun, nginxAccessLog, pytestRun, serviceLog, tscBuild, vitestRun } from './fixtures.ts';

const HIGH = 0.7;
const LOW = 0.3;

const sourceCode = `import { readFile } from 'node:fs/promises';

export interface Config {
  port: number;
  host: string;
}

export async function load(path: string): Promise<Config> {
  const raw = await readFile(path, 'utf8');
  const parsed = JSON.parse(raw);
  if (!parsed.port) {
    throw new Error('port missing');
  }
  return { port: parsed.port, host: parsed.host ?? 'localhost' };
}
`;

const json = JSON.stringify(
  Array.from({ length: 30 }, (_, i) => ({ id: i, level: 'error', message: `failed ${i}`, ts: '2024-03-01T10:00:00Z' })),
  null,
  2,
);

const grep = Array.from({ length: 30 }, (_, i) => `src/server/handler${i % 4}.ts:${10 + i}:  const err = new Error('failed');`).join('\n');

const diff = `diff --git a/src/app.ts b/src/app.ts
index 3b18e51..a9c2f4d 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -10,7 +10,7 @@ export function start() {
   const server = createServer();
-  server.listen(3000);
+  server.listen(port);
   log.info('started');
 }
`;

describe('logDetector', () => {
  const positives: [string, string, { command?: string; path?: string; toolName?: string }][] = [
    ['service log', serviceLog(500, 250), {}],
    ['nginx access log', nginxAccessLog(200, 100), {}],
    ['pytest', pytestRun(), {}],
    ['jest', jestRun(), {}],
    ['vitest', vitestRun(), {}],
    ['go test', goTestRun(), {}],
    ['cargo test', fixture('cargo-test-fail.txt'), {}],
    ['tsc', tscBuild(), {}],
    ['npm', fixture('npm-install-error.txt'), {}],
    ['plain output of a test command', 'compiling...\ndone\nall good\n', { command: 'npm test', toolName: 'Bash' }],
    ['a .log file', 'starting\nlistening\n', { path: '/var/log/app/server.log', toolName: 'Read' }],
    ['journalctl', 'Mar 01 10:00:00 host sshd[812]: Accepted publickey for dev\n', { command: 'journalctl -u sshd' }],
    ['node --test (spec reporter)', fixture('node-test-spec.txt'), {}],
    ['node --test (TAP reporter)', fixture('node-test-tap.txt'), {}],
    ['apt-get install', aptGetInstall(), {}],
    ['pip install', pipInstall(), {}],
    ['cmake + make', cmakeBuild(), {}],
    ['docker build', dockerBuild(), {}],
    ['apt-get install command, short output', 'Reading package lists...\nDone\n', { command: 'sudo apt-get install -y jq' }],
    ['cat of a file under /var/log', 'Log started\n', { command: 'cat /var/log/apt/term.log', toolName: 'Bash' }],
  ];
  for (const [name, text, hints] of positives) {
    it(`high for ${name}`, () => expect(logDetector.detect(text, hints)).toBeGreaterThanOrEqual(HIGH));
  }

  const negatives: [string, string, { command?: string; toolName?: string }][] = [
    ['source code', sourceCode, { toolName: 'Read' }],
    ['JSON', json, {}],
    ['grep output', grep, { toolName: 'Grep' }],
    ['grep output from Bash', grep, { command: 'grep -rn failed src', toolName: 'Bash' }],
    ['a unified diff', diff, { command: 'git diff' }],
    ['prose', prose, {}],
    ['the same prose paragraph pasted four times', repeatedProse, {}],
    ['a markdown checklist', markdownList, {}],
    ['YAML', yamlManifest, {}],
    ['Python source', pythonSource, {}],
  ];
  for (const [name, text, hints] of negatives) {
    it(`low for ${name}`, () => expect(logDetector.detect(text, hints)).toBeLessThanOrEqual(LOW));
  }

  it('claims templated install output that no format row knows (bundle install)', () => {
    const score = logDetector.detect(bundleInstall(), {});
    expect(score).toBeGreaterThanOrEqual(0.5);
    expect(score).toBeLessThan(HIGH);
  });

  // The table detector scores aligned listings at ~0.7–0.85: the log detector must stay below that.
  for (const [name, text, command] of [
    ['ls -l', lsLong, 'ls -l'],
    ['ps aux', psAux, 'ps aux'],
    ['kubectl get pods', kubectlPods, 'kubectl get pods'],
  ] as const) {
    it(`low for a ${name} listing`, () => {
      expect(logDetector.detect(text, {})).toBeLessThanOrEqual(LOW);
      expect(logDetector.detect(text, { command, toolName: 'Bash' })).toBeLessThanOrEqual(LOW);
    });
  }

  it('stays in 0..1 and is cheap on huge input', () => {
    const big = serviceLog(60_000, 1);
    const t = performance.now();
    const s = logDetector.detect(big, {});
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
    expect(performance.now() - t).toBeLessThan(200); // a prefix sample, not the whole text (generous bound)
  });
});

describe('format table and scanner', () => {
  it('every row has a unique name and only line-safe patterns', () => {
    expect(new Set(LOG_FORMATS.map((f) => f.name)).size).toBe(LOG_FORMATS.length);
    for (const f of LOG_FORMATS) {
      for (const src of [f.failure, f.summary, f.pass, f.warning, f.frame, f.progress, f.block?.start]) {
        if (src === undefined) continue;
        // `\s` and `.` with dotAll could cross a newline in a whole-text scan.
        expect(src, f.name).not.toMatch(/(^|[^\\])\\s/);
        expect(() => new RegExp(src, 'gm')).not.toThrow();
      }
    }
  });

  it('splits alternatives only at the top level', () => {
    expect(splitAlternatives(String.raw`^a(?:b|c)|[|]d|e\|f`)).toEqual(['^a(?:b|c)', '[|]d', String.raw`e\|f`]);
  });

  it('maps capture groups to roles even when a role has no anchored pattern', () => {
    const npm = LOG_FORMATS.find((f) => f.name === 'npm')!;
    const scanner = compileScanner([npm]);
    const m = scanner.anchored.exec('x\nnpm WARN deprecated glob@7.2.3: old')!;
    const warningGroup = scanner.groupOf[4]!;
    expect(m[warningGroup]).toBeDefined();
    expect(scanner.groupOf[1]).toBe(-1); // npm has no frame pattern
  });
});
