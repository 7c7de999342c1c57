/** The gateway key table: line format, errors that never echo a key, lookups by digest. */
import { describe, expect, it } from 'vitest';
import { parseKeyTable } from '../../src/auth/keys.ts';

const K1 = 'hrk_team_a_0123456789abcdef';
const K2 = 'hrk_team_b_fedcba9876543210';

describe('parseKeyTable', () => {
  it('reads keys, tenants, names, budgets, admin and provider keys; comments and blank lines are skipped', async () => {
    const table = await parseKeyTable(
      `# team gateway\n${K1} team-a budget=1_000_000\n\n${K2} tenant=team-b name=ops admin anthropic=$ANTHROPIC_KEY_B openai=sk-openai-b\n`,
      { ANTHROPIC_KEY_B: 'sk-ant-b' },
    );
    const [a, b] = table.entries;
    expect(a).toMatchObject({ tenant: 'team-a', admin: false, budgetPerDay: 1_000_000, providerKeys: {} });
    expect(a!.id).toMatch(/^k[0-9a-f]{10}$/);
    expect(b).toMatchObject({ id: 'ops', tenant: 'team-b', admin: true, providerKeys: { anthropic: 'sk-ant-b', openai: 'sk-openai-b' } });
    expect(await table.find(K2)).toBe(b);
    expect(await table.find(K1)).toBe(a);
    expect(await table.find('hrk_team_a_0123456789abcdeX')).toBeUndefined();
    expect(await table.find('')).toBeUndefined();
    expect(table.byId('ops')).toBe(b);
  });

  it('a key without a tenant is its own tenant; entries may be comma-separated (HEADROOM_KEYS)', async () => {
    const table = await parseKeyTable(`${K1}, ${K2} t2`);
    expect(table.entries[0]!.tenant).toBe(table.entries[0]!.id);
    expect(table.entries[1]!.tenant).toBe('t2');
  });

  it.each([
    ['short', 'hrk_short', /at least 20/],
    ['no prefix', 'sk-ant-0123456789abcdefghij', /start with "hrk_"/],
    ['duplicate', `${K1}\n${K1} other`, /duplicate key/],
    ['bad budget', `${K1} budget=lots`, /budget/],
    ['unset env', `${K1} anthropic=$NOPE`, /\$NOPE is not set/],
    ['unknown option', `${K1} colour=blue`, /unknown option "colour"/],
    ['empty', '# nothing\n', /no keys/],
  ])('rejects %s with a message that does not contain the key', async (_name, text, message) => {
    const err = await parseKeyTable(text).then(() => new Error('parsed'), (e: unknown) => e as Error);
    expect(err.message).not.toBe('parsed');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(K1);
    expect(err.message).not.toContain('0123456789abcdef');
  });
});
