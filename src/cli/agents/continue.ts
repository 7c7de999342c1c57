/** Continue (VS Code / JetBrains): models in ~/.continue/config.yaml take `apiBase`; we print the lines to add. */
import { v1, type AgentDef } from './types.ts';

export const NAME = 'continue';

const cont: AgentDef = {
  name: NAME,
  title: 'Continue',
  envVars: [],
  instructions: ({ base }) => [
    'Continue → ~/.continue/config.yaml: add `apiBase` to each Anthropic or OpenAI model, e.g.',
    '  models:',
    '    - name: Claude',
    '      provider: anthropic',
    '      model: claude-sonnet-4-5',
    `      apiBase: ${v1(base)}`,
    '    - name: GPT',
    '      provider: openai',
    '      model: gpt-5',
    `      apiBase: ${v1(base)}`,
  ].join('\n'),
};

export default cont;
