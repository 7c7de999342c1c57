/** The agent table: `headroom wrap/unwrap/doctor` look agents up here and never branch on a name. */
import aider from './aider.ts';
import claude from './claude.ts';
import cline from './cline.ts';
import codex from './codex.ts';
import cont from './continue.ts';
import copilot from './copilot.ts';
import cursor from './cursor.ts';
import goose from './goose.ts';
import opencode from './opencode.ts';
import type { AgentDef } from './types.ts';

export const AGENTS: readonly AgentDef[] = [claude, codex, aider, opencode, goose, copilot, cursor, cline, cont];

export const AGENT_NAMES = AGENTS.map((a) => a.name);

export function findAgentDef(name: string): AgentDef | undefined {
  return AGENTS.find((a) => a.name === name);
}
