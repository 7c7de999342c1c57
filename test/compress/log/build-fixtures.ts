/** Generated install/build outputs (no timestamps, highly templated) and look-alikes that are not logs. */
import { rng } from './fixtures.ts';

const PKGS = ['libssl3', 'libcurl4', 'zlib1g-dev', 'python3-venv', 'git-man', 'liberror-perl', 'libpq5', 'jq', 'libonig5', 'make'];

/** apt-get install of `n` packages, with one maintainer-script failure and dpkg's closing error. */
export function aptGetInstall(n = 120): string {
  const r = rng(3);
  const name = (i: number) => `${PKGS[i % PKGS.length]!}${i >= PKGS.length ? `-extra${i}` : ''}`;
  const ver = (i: number) => `${1 + (i % 4)}.${Math.floor(r() * 20)}-${1 + (i % 3)}`;
  const out = [
    'Reading package lists...',
    'Building dependency tree...',
    'Reading state information...',
    'The following NEW packages will be installed:',
    `  ${Array.from({ length: 8 }, (_, i) => name(i)).join(' ')}`,
    `0 upgraded, ${n} newly installed, 0 to remove and 3 not upgraded.`,
    'Need to get 48.2 MB of archives.',
    'After this operation, 201 MB of additional disk space will be used.',
  ];
  for (let i = 0; i < n; i++) out.push(`Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${name(i)} amd64 ${ver(i)} [${100 + i * 7} kB]`);
  out.push(`Fetched 48.2 MB in 3s (15.9 MB/s)`);
  for (let i = 0; i < n; i++) {
    const v = ver(i);
    out.push(
      `Selecting previously unselected package ${name(i)}:amd64.`,
      `(Reading database ... ${6000 + i * 13} files and directories currently installed.)`,
      `Preparing to unpack .../${String(i).padStart(3, '0')}-${name(i)}_${v}_amd64.deb ...`,
      `Unpacking ${name(i)}:amd64 (${v}) ...`,
    );
  }
  for (let i = 0; i < n; i++) {
    out.push(`Setting up ${name(i)}:amd64 (${ver(i)}) ...`);
    if (i === 77) {
      out.push(
        'invoke-rc.d: could not determine current runlevel',
        'start-stop-daemon: unable to stat /usr/sbin/pgbouncer (No such file or directory)',
        'dpkg: error processing package pgbouncer (--configure):',
        ' installed pgbouncer package post-installation script subprocess returned error exit status 1',
      );
    }
  }
  out.push(
    'Processing triggers for libc-bin (2.36-9+deb12u10) ...',
    'Errors were encountered while processing:',
    ' pgbouncer',
    'E: Sub-process /usr/bin/dpkg returned an error code (1)',
  );
  return `${out.join('\n')}\n`;
}

/** pip install of a requirements file: Collecting/Downloading/Using cached chatter, one WARNING, the result. */
export function pipInstall(n = 60): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`Collecting pkg${i}==${1 + (i % 5)}.${i % 10}.0 (from -r requirements.txt (line ${i + 1}))`);
    out.push(i % 3 === 0 ? `  Using cached pkg${i}-${1 + (i % 5)}.${i % 10}.0-py3-none-any.whl (${20 + i} kB)` : `  Downloading pkg${i}-${1 + (i % 5)}.${i % 10}.0-py3-none-any.whl (${20 + i} kB)`);
  }
  out.push(
    'WARNING: The script normalizer is installed in /home/dev/.local/bin which is not on PATH.',
    `Installing collected packages: ${Array.from({ length: 6 }, (_, i) => `pkg${i}`).join(', ')}`,
    `Successfully installed ${Array.from({ length: 6 }, (_, i) => `pkg${i}-${1 + (i % 5)}.${i % 10}.0`).join(' ')}`,
  );
  return `${out.join('\n')}\n`;
}

/** cmake configure + make: `-- ` configure checks, `[ NN%] Building` progress, one compiler error. */
export function cmakeBuild(n = 80): string {
  const out = ['-- The C compiler identification is GNU 12.2.0', '-- The CXX compiler identification is GNU 12.2.0'];
  for (let i = 0; i < 20; i++) out.push(`-- Looking for include file header${i}.h`, `-- Looking for include file header${i}.h - found`);
  out.push('-- Configuring done', '-- Generating done', '-- Build files have been written to: /home/dev/engine/build');
  for (let i = 0; i < n; i++) out.push(`[${String(Math.floor((i * 100) / n)).padStart(3)}%] Building CXX object src/CMakeFiles/engine.dir/module${i}.cpp.o`);
  out.push(
    "/home/dev/engine/src/module80.cpp:41:12: error: 'span' is not a member of 'std'",
    '   41 |   for (std::span<int> s : views) {',
    '      |            ^~~~',
    'make[2]: *** [src/CMakeFiles/engine.dir/build.make:1138: src/CMakeFiles/engine.dir/module80.cpp.o] Error 1',
    'make[1]: *** [CMakeFiles/Makefile2:97: src/CMakeFiles/engine.dir/all] Error 2',
    'make: *** [Makefile:136: all] Error 2',
  );
  return `${out.join('\n')}\n`;
}

/** docker build (BuildKit plain progress): steps, their output, one failing RUN. */
export function dockerBuild(): string {
  const out = ['#0 building with "default" instance using docker driver', '', '#1 [internal] load build definition from Dockerfile', '#1 transferring dockerfile: 512B done', '#1 DONE 0.0s'];
  for (let s = 2; s <= 6; s++) out.push('', `#${s} [${s - 1}/6] RUN step-${s}.sh`, `#${s} CACHED`);
  out.push('', '#7 [6/6] RUN npm ci');
  for (let i = 0; i < 60; i++) out.push(`#7 ${(1 + i * 0.37).toFixed(3)} npm http fetch GET 200 https://registry.npmjs.org/pkg-${i} ${10 + i}ms (cache miss)`);
  out.push(
    '#7 24.551 npm ERR! code E401',
    '#7 24.552 npm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"',
    '#7 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    '------',
    ' > [6/6] RUN npm ci:',
    '------',
    'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
  );
  return `${out.join('\n')}\n`;
}

// ---- not logs ----

export const prose = [
  'The release process has three stages. First the build server compiles every package and runs',
  'the unit tests; when they pass, it publishes a signed image to the staging registry. Operators',
  'then promote the image after the smoke tests succeed, which usually takes about ten minutes.',
  'Rollbacks follow the same path in reverse, so keeping the previous image around matters.',
  'If a migration is involved, schedule it outside business hours and announce it in advance.',
  '',
  'Monitoring covers latency, error rate and saturation for every public endpoint. Alerts page',
  'the on-call engineer only when the error budget burns faster than the agreed threshold, and',
  'each alert links to a runbook that explains the first checks to make. Dashboards are shared',
  'with the product team so that everyone sees the same numbers during an incident review.',
  '',
  'Access to production is granted per task and expires automatically at the end of the day.',
  'Requests go through the usual ticket queue; approvals need a second engineer from the team',
  'that owns the service. Emergency access exists but is audited weekly by the security group.',
].join('\n');

/** The same paragraph pasted several times: repeated first words, but still prose. */
export const repeatedProse = Array.from({ length: 4 }, () => prose.split('\n').slice(0, 6).join('\n')).join('\n');

export const markdownList = [
  '# Release checklist',
  '',
  ...Array.from({ length: 30 }, (_, i) => `- [ ] Check item ${i}: update the changelog entry for module ${i}`),
  '',
  '## Notes',
  ...Array.from({ length: 10 }, (_, i) => `${i + 1}. Follow up on ticket ${i}`),
].join('\n');

export const lsLong = [
  'total 184',
  ...Array.from(
    { length: 40 },
    (_, i) => `${i % 5 === 0 ? 'drwxr-xr-x' : '-rw-r--r--'}  1 dev  staff  ${String(1000 + i * 37).padStart(6)} Mar  1 10:${String(i).padStart(2, '0')} file-${i}.ts`,
  ),
].join('\n');

export const psAux = [
  'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
  ...Array.from({ length: 40 }, (_, i) => `${i % 3 ? 'root' : 'www-data'}  ${String(100 + i * 7).padStart(6)}  0.${i % 10}  0.1  ${12000 + i}  ${4000 + i} ?        Ss   10:00   0:00 /usr/sbin/worker-${i}`),
].join('\n');

export const kubectlPods = [
  'NAME                          READY   STATUS    RESTARTS   AGE',
  ...Array.from({ length: 30 }, (_, i) => `web-7d9f8c6b5-${String(i).padStart(5, 'x')}   1/1     Running   0          ${i + 1}d`),
].join('\n');

export const yamlManifest = Array.from({ length: 10 }, (_, i) =>
  [`- name: worker-${i}`, `  image: registry.local/worker:${i}.0`, '  ports:', `    - containerPort: ${8000 + i}`, '  env:', `    - name: MODE`, `      value: shard-${i}`].join('\n'),
).join('\n');

export const pythonSource = Array.from({ length: 8 }, (_, i) =>
  [`def handler_${i}(event, context):`, `    """Handle event kind ${i}."""`, `    if not event:`, `        return None`, `    result = process(event, ${i})`, `    logger.info("done %s", result)`, `    return result`, ''].join('\n'),
).join('\n');

/** bundle install: no format row knows it; only its templated line starts say "log". */
export function bundleInstall(n = 50): string {
  const out = ['Fetching gem metadata from https://rubygems.org/.........', 'Resolving dependencies...'];
  for (let i = 0; i < n; i++) {
    const gem = `gem${i}-${['rack', 'json', 'nokogiri', 'puma', 'rake'][i % 5]!}`;
    const v = `${1 + (i % 3)}.${i % 10}.${i % 7}`;
    out.push(i % 4 === 0 ? `Using ${gem} ${v}` : `Fetching ${gem} ${v}`, ...(i % 4 === 0 ? [] : [`Installing ${gem} ${v}`]));
  }
  out.push(`Bundle complete! ${n} Gemfile dependencies, ${n + 12} gems now installed.`, 'Use `bundle info [gemname]` to see where a bundled gem is installed.');
  return `${out.join('\n')}\n`;
}

/** `npm run build` in a workspace: per-package chatter, then tsc's error list (the fixture file) for one package. */
export function workspaceBuildWithTscErrors(tscOutput: string): string {
  const out = ['', '> shop@1.0.0 build', '> npm run build --workspaces', ''];
  for (let p = 0; p < 40; p++) {
    out.push(`> @shop/pkg-${p}@0.${p}.0 build`, `> tsc -p tsconfig.build.json`, '', `✓ @shop/pkg-${p} built in ${100 + p * 3}ms`, '');
  }
  out.push('> @shop/api@2.1.0 build', '> tsc -p tsconfig.build.json', '', ...tscOutput.trimEnd().split('\n'), '');
  out.push('npm error Lifecycle script `build` failed with error:', 'npm error code 2', 'npm error path /home/dev/shop/packages/api');
  return `${out.join('\n')}\n`;
}
