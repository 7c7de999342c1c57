/** Cline (VS Code extension): its provider settings live in VS Code's extension storage, so we print what to set. */
import { v1, type AgentDef } from './types.ts';

export const NAME = 'cline';

const cline: AgentDef = {
  name: NAME,
  title: 'Cline',
  envVars: [],
  instructions: ({ base }) => [
    'Cline → Settings (gear) → API Configuration:',
    `  API Provider "Anthropic": tick "Use custom base URL" and enter  ${base}`,
    `  API Provider "OpenAI Compatible": Base URL                      ${v1(base)}`,
  ].join('\n'),
};

export default cline;
