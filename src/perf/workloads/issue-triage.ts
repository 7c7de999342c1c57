/**
 * GitHub issue triage: the agent lists a repository's issues and reads the comments of the likely match, then must
 * name the bug, its labels and the maintainers' diagnosis. Objects carry every noisy field the real API returns.
 */
import { createRng, type Rng } from '../prng.ts';
import { REPO, ghComment, ghIssue, type IssueSpec } from './github-api.ts';
import type { Workload } from './types.ts';

const NUMBER = 4127;
const TITLE = 'WebSocket reconnect drops queued messages after token refresh';
const KEY_PHRASE = 'the reconnect path reuses the stale auth token';
const LABEL = 'area/websocket';

const SUBJECTS = ['useChannel hook', 'presence API', 'REST fallback', 'TypeScript types', 'React Native build',
  'message history', 'rate limiter', 'Deno support', 'CDN bundle', 'token refresh', 'heartbeat', 'Safari 17',
  'Node 22', 'proxy support', 'batch publish', 'typing indicators', 'offline queue', 'ESM exports'];
const PROBLEMS = ['throws "Cannot read properties of undefined" when unmounted', 'leaks listeners on hot reload',
  'returns stale data after reconnect', 'is missing from the docs', 'fails to compile with strict mode',
  'times out behind a corporate proxy', 'doubles memory usage over 24h', 'ignores the retry option',
  'should support AbortSignal', 'emits events out of order under load', 'breaks with bundler moduleResolution',
  'needs an example for Next.js app router'];
const LOGINS = ['mkowalski', 'dev-ana', 'tjholowaychuk2', 'sora-k', 'bgreene', 'lucas-m', 'fernandaq', 'ikeda-h',
  'pcarvalho', 'jt-ops', 'nadia-r', 'oss-bot-fan', 'rvanrossum', 'h4ck3rm4n'];

function noiseBody(rng: Rng, subject: string, problem: string): string {
  const v = `2.${rng.int(10, 19)}.${rng.int(0, 9)}`;
  return [
    '### Describe the bug', '', `The ${subject} ${problem}. Started after upgrading to ${v}.`, '',
    '### To Reproduce', '', '```ts', `const client = new Realtime({ key: process.env.RT_KEY, transport: '${rng.pick(['ws', 'sse', 'auto'])}' });`,
    `const ch = client.channels.get('room-${rng.int(1, 99)}');`, 'await ch.subscribe((m) => console.log(m.data));', '```', '',
    '### Expected behavior', '', `The ${subject} should keep working as in ${v.replace(/\.\d+$/, '.0')}.`, '',
    '### Environment', '', `- SDK: ${v}`, `- Runtime: ${rng.pick(['Node 20.11', 'Node 22.3', 'Chrome 126', 'Safari 17.4', 'Bun 1.1'])}`,
    `- OS: ${rng.pick(['macOS 14.5', 'Ubuntu 22.04', 'Windows 11'])}`,
  ].join('\r\n');
}

const TARGET_BODY = [
  '### Describe the bug', '',
  'After the access token is refreshed (we use `authCallback` with 5 minute tokens), the next WebSocket reconnect',
  'succeeds but every message queued while disconnected is lost. `publish()` resolves, nothing reaches the server.', '',
  '### To Reproduce', '', '1. Set token TTL to 60s', '2. Publish in a loop, toggle network off for 90s, back on',
  '3. Messages published while offline never arrive', '', '### Environment', '', '- SDK: 2.18.1', '- Runtime: Chrome 126',
].join('\r\n');

const COMMENTS: ReadonlyArray<readonly [string, string, string]> = [
  ['bgreene', 'NONE', 'Same here on 2.18.0, React Native. Lost ~40 messages in a field test.'],
  ['sora-k', 'NONE', '+1, we see it with SSE fallback disabled too.'],
  ['nadia-r', 'MEMBER', 'Thanks for the report. Can someone share debug logs with `logLevel: 4`?'],
  ['mkowalski', 'NONE', 'Logs attached: https://gist.github.com/mkowalski/9f1c2e4b — the resume request gets a 40142 error.'],
  ['nadia-r', 'MEMBER', `Found it. Root cause: ${KEY_PHRASE}, so the server rejects the resume with 40142 and the client discards the outbound queue instead of retrying with a fresh token.`],
  ['jt-ops', 'MEMBER', 'Fix is in #4139: request a new token before resuming and keep the queue until the resume is acknowledged.'],
  ['lucas-m', 'NONE', 'Is there a workaround until the release? We ship Friday.'],
  ['nadia-r', 'MEMBER', 'Workaround: call `client.auth.authorize()` in the `disconnected` handler so the reconnect has a fresh token.'],
  ['dev-ana', 'CONTRIBUTOR', 'Confirmed the workaround works for us on 2.18.1.'],
  ['oss-bot-fan', 'NONE', 'Any ETA for 2.18.2?'],
  ['jt-ops', 'MEMBER', 'Released in 2.18.2. Please reopen if you still lose messages after upgrading.'],
  ['fernandaq', 'NONE', 'Upgraded, the offline queue now survives token refresh. Thanks!'],
];

export function issueTriageWorkload(seed = 3): Workload {
  const rng = createRng(seed);
  const avoid = String(NUMBER);
  const issues: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const number = 4160 - i * 2;
    // The bug sits mid-list, as it would in a page sorted by recent activity.
    if (i === 16) {
      issues.push(ghIssue(rng, { number: NUMBER, title: TITLE, body: TARGET_BODY, labels: ['bug', LABEL, 'area/auth', 'priority/high'],
        login: 'pcarvalho', state: 'closed', comments: COMMENTS.length, dayOffset: 120 }, avoid));
      continue;
    }
    const subject = rng.pick(SUBJECTS);
    const problem = rng.pick(PROBLEMS);
    const isFeature = problem.startsWith('should') || problem.startsWith('needs');
    const labels = isFeature ? ['enhancement'] : ['bug', ...(rng.chance(0.4) ? [rng.pick(['area/websocket', 'area/auth', 'area/react'])] : []), ...(rng.chance(0.3) ? ['needs-repro'] : [])];
    const spec: IssueSpec = { number, title: `${subject[0]!.toUpperCase()}${subject.slice(1)} ${problem}`,
      body: noiseBody(rng, subject, problem), labels, login: rng.pick(LOGINS), state: rng.chance(0.35) ? 'closed' : 'open',
      comments: rng.int(0, 14), dayOffset: 160 - i * 2 };
    issues.push(ghIssue(rng, spec, avoid));
  }
  const comments = COMMENTS.map(([login, assoc, body], i) => ghComment(rng, NUMBER, login, assoc, body, 121 + i, avoid));
  return {
    name: 'GitHub issue triage',
    question: 'Users lose queued messages when the WebSocket reconnects after a token refresh. Which existing issue is this, how is it labelled, and what did the maintainers find as the root cause?',
    outputs: [
      { label: 'gh api issues', text: JSON.stringify(issues, null, 2), toolName: 'Bash', command: `gh api "repos/${REPO}/issues?state=all&per_page=60"` },
      { label: `gh api issues/${NUMBER}/comments`, text: JSON.stringify(comments, null, 2), toolName: 'Bash', command: `gh api repos/${REPO}/issues/${NUMBER}/comments` },
    ],
    gold: [String(NUMBER), TITLE, LABEL, KEY_PHRASE],
    targetPct: 80,
    headroomPct: 73,
  };
}
