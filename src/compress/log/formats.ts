/**
 * The recognisers: one row per tool whose output we know. Each row names line patterns per role; the classifier
 * joins the patterns of all active rows into one regex per role and scans the text once per role, so adding a
 * tool is adding a row, not another branch. Patterns are regex sources used with the `m` flag; they must never
 * match across a newline (no `\s`, no `.` with `s`), and they are case-sensitive.
 *
 * Roles: `failure` lines are kept with context; `summary` lines are kept; `pass` lines collapse to a count;
 * `warning` lines are kept once per template; `frame` lines belong to stack traces; `progress` lines (compiling,
 * downloading, entering directory) collapse to a count; a `block` is a failure's detail section (assertion,
 * expected/received, location) kept verbatim up to `maxLines`.
 */

export interface FailureBlock {
  /** First line of the section. */
  readonly start: string;
  /** The section ends before the first later line matching this (or the next `start`). */
  readonly end: RegExp;
  readonly maxLines?: number;
}

export interface LogFormat {
  readonly name: string;
  /** Always active (the generic levelled-log rules). */
  readonly always?: boolean;
  /** Tested on the sampled head and tail of the output; a hit activates the row. */
  readonly signature?: RegExp;
  /** Tested on hints.command. */
  readonly command?: RegExp;
  readonly failure?: string;
  readonly summary?: string;
  readonly pass?: string;
  readonly warning?: string;
  readonly frame?: string;
  readonly progress?: string;
  readonly block?: FailureBlock;
}

export const LOG_FORMATS: readonly LogFormat[] = [
  {
    name: 'generic',
    always: true,
    // klog (k8s) E/F lines, JVM "Caused by:", Go goroutine dumps, Rust backtraces; the keyword scan does the rest.
    failure: String.raw`^[EF]\d{4} \d\d:\d\d|^Caused by: |^goroutine \d+ \[|^stack backtrace:$|^BUILD FAIL`,
    summary: String.raw`^BUILD (?:SUCCESS|FAILED|FAILURE)\b|^Tests run: \d+, Failures: |^BUILD SUCCESSFUL`,
    warning: String.raw`^W\d{4} \d\d:\d\d`,
    progress: String.raw`^go: (?:downloading|finding|extracting) |^> Task :|^\[ *\d+%\] (?:Building|Linking|Built target) `,
    frame: String.raw`^[ \t]+at [^ \n]|^[ \t]+File "[^"\n]*", line \d+|^[ \t]+\.\.\. \d+ (?:more|common frames)|^[ \t]*\d+: [\w<]|^\t[^\n]+\.go:\d+|^created by `,
  },
  {
    name: 'pytest',
    signature: /^=+ test session starts =+$|^platform \w+ -- Python \d|^collected \d+ items?/m,
    command: /\bpytest\b|\bpy\.test\b|\btox\b|\bnox\b/,
    failure: String.raw`^FAILED |^ERROR |^E {2,}|^[^ \t\n:]+::[^\n]* (?:FAILED|ERROR)\b|^[\w/.\[\]-]+\.py [.sxXFE]*[FE][.sxXFE]* *(?:\[ *\d+%\])?$|^[\w/.-]+\.py:\d+: [A-Z]\w*$`,
    summary: String.raw`^=+ [^\n]*\b(?:passed|failed|errors?|skipped|deselected|no tests ran)\b[^\n]* =+$|^=+ (?:FAILURES|ERRORS|short test summary info) =+$`,
    pass: String.raw`^[^ \t\n:]+::[^\n]* (?:PASSED|SKIPPED|XFAIL)\b|^[\w/.\[\]-]+\.py [.sxX]+ *(?:\[ *\d+%\])?$`,
    block: { start: String.raw`^_{3,} [^\n]* _{3,}$`, end: /^_{3,} .* _{3,}$|^={3,}/, maxLines: 120 },
  },
  {
    name: 'jest',
    signature: /^ ?(?:PASS|FAIL) +\S+\.[jt]sx?\b|^Test Suites: +\d|^Tests: +\d/m,
    command: /\bjest\b|\b(?:npm|pnpm|yarn|bun) (?:run )?test\b|\bnpx jest\b/,
    failure: String.raw`^ ?FAIL +\S|^[ \t]+[✕×✗✘] |^[ \t]*● `,
    summary: String.raw`^(?:Test Suites|Tests|Snapshots|Time): |^Ran all test suites`,
    pass: String.raw`^ ?PASS +\S|^[ \t]+[✓√✔] `,
    block: { start: String.raw`^[ \t]*● `, end: /^[ \t]*● |^ ?(?:PASS|FAIL) +\S|^Test Suites: /, maxLines: 80 },
  },
  {
    name: 'vitest',
    signature: /^ *(?:Test Files|RUN +v\d)|⎯ Failed Tests \d+ ⎯/m,
    command: /\bvitest\b/,
    failure: String.raw`^ *[×✕] |^ *❯ [^\n]*\bfailed\b|^ ?FAIL  `,
    summary: String.raw`^ *(?:Test Files|Tests|Start at|Duration|Errors) {1,}\S|⎯ Failed Tests \d+ ⎯`,
    pass: String.raw`^ *[✓√✔] `,
    block: { start: String.raw`^ ?FAIL  [^\n]* > `, end: /^ ?FAIL {2}.* > |^⎯+|^ Test Files /, maxLines: 80 },
  },
  {
    name: 'mocha',
    signature: /^ +\d+ passing \(\d/m,
    command: /\bmocha\b/,
    failure: String.raw`^ +\d+\) `,
    summary: String.raw`^ +\d+ (?:passing|failing|pending)\b`,
    pass: String.raw`^ +[✓✔] `,
    block: { start: String.raw`^ +\d+\) `, end: /^ +\d+\) |^ +\d+ passing/, maxLines: 40 },
  },
  {
    // node --test, spec reporter: `✔ name (1.2ms)`, `✖ name (2ms)` with the error indented below it, `﹣ name # SKIP`,
    // `ℹ tests 51` counts, and a closing `✖ failing tests:` section that repeats each failure's detail.
    name: 'node-test',
    signature: /^ℹ (?:tests|pass|fail) \d+$|^✖ failing tests:$/m,
    command: /\bnode\b[^\n|;&]* --test\b/,
    failure: String.raw`^ *✖ (?!failing tests:$)`,
    summary: String.raw`^ℹ (?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) |^✖ failing tests:$|^test at [^\n]+:\d+:\d+$`,
    pass: String.raw`^ *[✔﹣] `,
    block: { start: String.raw`^ *✖ (?!failing tests:$)`, end: /^ *[✔✖▶﹣] |^ℹ |^test at /, maxLines: 60 },
  },
  {
    // TAP (node --test --test-reporter=tap, tape, node-tap): a failure's detail is the YAML block `  ---` … `  ...`
    // under its `not ok` line; a passing test's `# Subtest:` line and duration-only YAML block are part of its report.
    name: 'tap',
    signature: /^TAP version \d+$|^ *# Subtest: |^# (?:tests|pass|fail) \d+$/m,
    command: /\bnode\b[^\n|;&]* --test-reporter[ =]tap\b|\btape\b|\btap\b/,
    failure: String.raw`^ *not ok \d+(?![^\n]*# (?:TODO|SKIP))|^Bail out!`,
    summary: String.raw`^# (?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) \d|^1\.\.\d+$`,
    pass: String.raw`^ *ok \d+|^ *not ok \d+[^\n]*# (?:TODO|SKIP)|^ *# Subtest: |^ +---$|^ +\.\.\.$|^ +duration_ms: [\d.]+$|^ +type: '(?:test|suite)'$`,
    block: { start: String.raw`^ *not ok \d+`, end: /^ *(?:not )?ok \d+|^ *# Subtest: |^ *1\.\.\d+$|^# (?:tests|pass|fail) /, maxLines: 80 },
  },
  {
    name: 'go',
    signature: /^(?:=== RUN |--- (?:PASS|FAIL): |ok[ \t]+\S+\t|FAIL\t|PASS$)|^# [\w./-]+$/m,
    command: /\bgo (?:test|vet|build|run|install)\b|\bgotestsum\b/,
    failure: String.raw`^[ \t]*--- FAIL: |^FAIL\t|^FAIL$|^panic: |^[ \t]+[\w./-]+_test\.go:\d+: |^(?:\./)?[\w./-]+\.go:\d+:\d+: `,
    // `ok  pkg 0.01s` is one line per package saying it passed: a summary, not a passing test to collapse.
    summary: String.raw`^ok[ \t]+\S+[ \t]`,
    pass: String.raw`^[ \t]*--- (?:PASS|SKIP): |^=== (?:RUN|PAUSE|CONT|NAME) |^PASS$`,
    // A goroutine dump: "pkg.Func(args)" lines between "\t/path/file.go:12 +0x1d" lines.
    frame: String.raw`^[\w][\w./*()\[\]-]*\([^\n]*\)$`,
    block: { start: String.raw`^[ \t]*--- FAIL: `, end: /^[^ \t]/, maxLines: 60 },
  },
  {
    name: 'cargo',
    signature: /^running \d+ tests?$|^test result: |^ +Compiling \S+ v\d|^error\[E\d+\]: /m,
    command: /\bcargo\b|\brustc\b/,
    failure: String.raw`^test [^\n]+ \.\.\. FAILED$|^thread '[^'\n]*' panicked at|^error(?:\[E\d+\])?: |^[ \t]+--> [^\n]+:\d+:\d+$|^failures:$|^assertion [^\n]*failed`,
    summary: String.raw`^test result: |^running \d+ tests?$|^[ \t]+Finished `,
    pass: String.raw`^test [^\n]+ \.\.\. (?:ok|ignored)$`,
    progress: String.raw`^ +(?:Compiling|Checking|Downloaded|Downloading|Fresh|Updating|Locking|Adding|Blocking|Documenting) \S`,
    block: { start: String.raw`^---- [^\n]+ ----$|^failures:$|^error(?:\[E\d+\])?: `, end: /^$|^---- .+ ----$|^test result: /, maxLines: 60 },
  },
  {
    name: 'tsc',
    signature: /\berror TS\d+: |^Found \d+ errors?\b/m,
    command: /\btsc\b|\bvue-tsc\b|\btypecheck\b/,
    failure: String.raw`\(\d+,\d+\): error TS\d+: |:\d+:\d+ - error TS\d+: `,
    warning: String.raw`:\d+:\d+ - warning TS\d+: `,
    // `Found N errors in M files.` and the per-file count table under `Errors  Files`.
    summary: String.raw`(?:^|\] )Found \d+ errors?\b|^Errors {2}Files$|^ +\d+ {2}[^ \n][^\n]*:\d+$`,
    // Pretty output: the error line, a blank, the code line and the ~~~ underline.
    block: { start: String.raw`^[^\n]+:\d+:\d+ - error TS\d+: `, end: /^\S+:\d+:\d+ - (?:error|warning) |(?:^|\] )Found \d+ error/, maxLines: 12 },
  },
  {
    name: 'npm',
    signature: /^npm (?:ERR!|WARN|error|warn|notice) |^added \d+ packages?\b|^up to date, audited/m,
    command: /\b(?:npm|pnpm|yarn|npx|bun)\b/,
    // node-gyp's info/verb chatter is printed under "npm ERR!" too; it is noise, not the error.
    failure: String.raw`^npm (?:ERR!|error) (?!(?:node-pre-)?gyp (?:info|verb|http) )|^ERR_PNPM_|^ ERR_PNPM_|^error (?:An unexpected|Command failed)`,
    warning: String.raw`^npm WARN |^npm warn |^ WARN `,
    progress: String.raw`^npm (?:http|sill|verb|timing) |^(?:\[\d+/\d+\] )?(?:Resolving|Fetching|Linking|Building fresh) packages`,
    summary: String.raw`^(?:added|removed|changed|up to date)\b[^\n]* in [\d.]+m?s$|^found \d+ vulnerabilit|^\d+ (?:\w+ severity )?vulnerabilit|^Done in [\d.]+m?s`,
  },
  {
    name: 'pip',
    signature: /^(?:Collecting \S|Requirement already satisfied: |Successfully installed )/m,
    command: /\bpip3?\b|\bpoetry\b|\buv (?:pip|sync|add)\b/,
    failure: String.raw`^ERROR: |^error: subprocess-exited-with-error`,
    warning: String.raw`^WARNING: |^DEPRECATION: `,
    summary: String.raw`^Successfully installed |^Installing collected packages: `,
    progress: String.raw`^ *(?:Collecting|Downloading|Using cached|Requirement already satisfied:|Obtaining|Building wheels? for|Created wheel for|Stored in directory:) |^ +━`,
  },
  {
    name: 'build',
    // make, cmake (configure `-- …` lines and `[ 40%] Building …` progress), webpack, maven, gcc/clang diagnostics.
    signature: /^make(?:\[\d+\])?: |^webpack \d|\bcompiled (?:successfully|with \d+)|^ERROR in |^\[INFO\] BUILD|^-- The (?:C|CXX) compiler identification |^CMake (?:Error|Warning)/m,
    command: /\bmake\b|\bcmake\b|\bninja\b|\bwebpack\b|\bvite build\b|\bgradle\w*\b|\bmvn\b|\bgcc\b|\bclang\b/,
    failure: String.raw`^make(?:\[\d+\])?: \*\*\* |^ERROR in |^[^\n:]+:\d+:\d+: (?:fatal )?error: |^\[ERROR\] |^CMake Error`,
    warning: String.raw`^WARNING in |^[^\n:]+:\d+:\d+: warning: |^\[WARNING\] |^CMake Warning|^-- Could NOT find `,
    progress: String.raw`^make(?:\[\d+\])?: (?:Entering|Leaving|Nothing to be done)|^\[INFO\] (?:Download(?:ing|ed) from|Compiling \d+ source)|^-- (?:Looking for|Detecting|Check for|Checking|Performing Test) |^Scanning dependencies of target `,
    summary: String.raw`^webpack [\d.]+ compiled|^ *compiled (?:successfully|with \d+ (?:errors?|warnings?))|^\[INFO\] (?:BUILD|Tests run:)|^\d+ (?:errors?|warnings?) generated\.?$|^-- (?:Configuring|Generating) (?:done|incomplete)|^-- Build files have been written to: `,
  },
  {
    // dpkg/apt terminal output (apt-get install, /var/log/apt/term.log): one unpack/set-up chatter block per package.
    name: 'apt',
    signature: /^Log started: \d{4}-\d\d-\d\d|^(?:Selecting previously unselected package |Preparing to unpack |Unpacking \S+ \(|Setting up \S+ \()/m,
    command: /\bapt(?:-get|itude)?\b|\bdpkg\b|\/var\/log\/apt\//,
    failure: String.raw`^E: |^dpkg: (?:error|dependency problems)|^Errors were encountered while processing:|^[\w.+-]+: (?:unable to|cannot|can't) (?!initiali[sz]e frontend)`,
    warning: String.raw`^W: |^dpkg: warning: |^debconf: (?:unable|delaying)`,
    summary: String.raw`^Log (?:started|ended): |^\d+ upgraded, \d+ newly installed, |^Need to get |^After this operation, `,
    progress: String.raw`^\(Reading database \.\.\. |^Selecting previously unselected package |^Preparing to unpack |^Unpacking \S+ \(|^(?:Get|Hit|Ign):\d+ |^Reading (?:package lists|state information)\.\.\.|^Building dependency tree`,
  },
  {
    // docker build: BuildKit `#5 [2/6] RUN …` steps and the legacy builder's `Step 2/6 : RUN …`.
    name: 'docker',
    signature: /^#\d+ \[[^\]\n]*\] |^Step \d+\/\d+ : |^#\d+ (?:DONE|CACHED)\b/m,
    command: /\b(?:docker|podman) (?:buildx? |compose build|image build)|\bbuildah bud\b/,
    failure: String.raw`^ERROR: |^#\d+ ERROR: |^ERROR \[|^The command '[^\n]*' returned a non-zero code`,
    summary: String.raw`^Successfully (?:built|tagged) |^#\d+ naming to |^#\d+ writing image `,
    progress: String.raw`^#\d+ (?:DONE|CACHED|sha256:|resolve |transferring |extracting |exporting )|^ ---> |^Removing intermediate container |^#\d+ \[internal\] `,
  },
  {
    name: 'access',
    // Common/combined log format (nginx, Apache): server errors are failures, client errors warnings.
    signature: /"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) [^"\n]* HTTP\/[\d.]+" \d{3} /,
    command: /\baccess\.log\b|\bnginx\b|\bapache2?\b|\bhttpd\b/,
    failure: String.raw`HTTP/[\d.]+" 5\d\d `,
    warning: String.raw`HTTP/[\d.]+" 4\d\d `,
  },
];

/** Rows active for this output: the always-on rows plus every row whose signature or command matches. */
export function activeFormats(sample: string, command: string | undefined): LogFormat[] {
  return LOG_FORMATS.filter(
    (f) => f.always === true || (f.signature?.test(sample) ?? false) || (command !== undefined && (f.command?.test(command) ?? false)),
  );
}
