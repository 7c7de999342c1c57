/** Objects shaped exactly like the GitHub REST API's issues and comments responses (all their noisy URL fields). */
import { isoAt as isoMs, type Rng } from '../prng.ts';

/** GitHub prints seconds precision: 2024-06-09T11:26:29Z. */
const isoAt = (base: number, ms: number): string => isoMs(base, ms).replace('.000Z', 'Z');

export const REPO = 'acme/realtime-sdk';
const API = `https://api.github.com/repos/${REPO}`;
const T0 = Date.UTC(2024, 0, 1);

const LABELS: Record<string, [string, string]> = {
  bug: ['d73a4a', "Something isn't working"],
  enhancement: ['a2eeef', 'New feature or request'],
  documentation: ['0075ca', 'Improvements or additions to documentation'],
  question: ['d876e3', 'Further information is requested'],
  'area/websocket': ['1d76db', 'WebSocket transport'],
  'area/auth': ['5319e7', 'Tokens, sessions, refresh'],
  'area/react': ['0e8a16', 'React bindings'],
  'priority/high': ['b60205', 'Fix in the next patch release'],
  'needs-repro': ['fbca04', 'Waiting for a minimal reproduction'],
};

/** Ids are numeric like GitHub's; the generator avoids `avoid` so a planted fact (an issue number) stays unique. */
export function ghId(rng: Rng, lo: number, hi: number, avoid: string): number {
  for (;;) {
    const id = rng.int(lo, hi);
    if (!String(id).includes(avoid)) return id;
  }
}

export function ghUser(rng: Rng, login: string, avoid: string): Record<string, unknown> {
  const id = ghId(rng, 100_000, 180_000_000, avoid);
  const u = `https://api.github.com/users/${login}`;
  return {
    login, id, node_id: `MDQ6VXNlcj${rng.hex(8)}`, avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '', url: u, html_url: `https://github.com/${login}`, followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`, gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`, subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`, repos_url: `${u}/repos`, events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`, type: 'User', user_view_type: 'public', site_admin: false,
  };
}

function reactions(rng: Rng, url: string): Record<string, unknown> {
  const r = { '+1': rng.chance(0.4) ? rng.int(1, 30) : 0, '-1': 0, laugh: 0, hooray: rng.chance(0.1) ? 1 : 0,
    confused: rng.chance(0.1) ? rng.int(1, 3) : 0, heart: rng.chance(0.2) ? rng.int(1, 5) : 0, rocket: 0,
    eyes: rng.chance(0.3) ? rng.int(1, 8) : 0 };
  const total = Object.values(r).reduce((a, b) => a + b, 0);
  return { url: `${url}/reactions`, total_count: total, ...r };
}

function label(rng: Rng, name: string, avoid: string): Record<string, unknown> {
  const [color, description] = LABELS[name] ?? ['ededed', ''];
  return { id: ghId(rng, 1_000_000_000, 9_000_000_000, avoid), node_id: `LA_kwDO${rng.hex(14)}`,
    url: `${API}/labels/${encodeURIComponent(name)}`, name, color, default: ['bug', 'enhancement', 'question', 'documentation'].includes(name), description };
}

export interface IssueSpec {
  number: number; title: string; body: string; labels: string[]; login: string; state: 'open' | 'closed';
  comments: number; dayOffset: number;
}

export function ghIssue(rng: Rng, s: IssueSpec, avoid: string): Record<string, unknown> {
  const url = `${API}/issues/${s.number}`;
  const created = isoAt(T0, s.dayOffset * 86_400_000 + rng.int(0, 86_399) * 1000);
  const updated = isoAt(T0, (s.dayOffset + rng.int(0, 20)) * 86_400_000 + rng.int(0, 86_399) * 1000);
  const closed = s.state === 'closed';
  return {
    url, repository_url: API, labels_url: `${url}/labels{/name}`, comments_url: `${url}/comments`,
    events_url: `${url}/events`, html_url: `https://github.com/${REPO}/issues/${s.number}`,
    id: ghId(rng, 2_000_000_000, 2_900_000_000, avoid), node_id: `I_kwDOB${rng.hex(12)}`, number: s.number,
    title: s.title, user: ghUser(rng, s.login, avoid), labels: s.labels.map((l) => label(rng, l, avoid)),
    state: s.state, locked: false, assignee: null, assignees: [], milestone: null, comments: s.comments,
    created_at: created, updated_at: updated, closed_at: closed ? updated : null,
    author_association: rng.pick(['NONE', 'CONTRIBUTOR', 'MEMBER']), type: null, active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 }, body: s.body, closed_by: null,
    reactions: reactions(rng, url), timeline_url: `${url}/timeline`, performed_via_github_app: null,
    state_reason: closed ? 'completed' : null,
  };
}

export function ghComment(rng: Rng, issue: number, login: string, assoc: string, body: string, dayOffset: number, avoid: string): Record<string, unknown> {
  const id = ghId(rng, 1_800_000_000, 2_600_000_000, avoid);
  const at = isoAt(T0, dayOffset * 86_400_000 + rng.int(0, 86_399) * 1000);
  return {
    url: `${API}/issues/comments/${id}`, html_url: `https://github.com/${REPO}/issues/${issue}#issuecomment-${id}`,
    issue_url: `${API}/issues/${issue}`, id, node_id: `IC_kwDOB${rng.hex(16)}`, user: ghUser(rng, login, avoid),
    created_at: at, updated_at: at, author_association: assoc, body,
    reactions: reactions(rng, `${API}/issues/comments/${id}`), performed_via_github_app: null,
  };
}
