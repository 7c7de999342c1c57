/** Cursor (GUI): its model settings live in the app, so we print what to paste. */
import { v1, type AgentDef } from './types.ts';

export const NAME = 'cursor';

const cursor: AgentDef = {
  name: NAME,
  title: 'Cursor',
  envVars: [],
  instructions: ({ base }) => [
    'Cursor → Settings → Models → API Keys:',
    '  OpenAI API Key:            your key (enable it)',
    `  Override OpenAI Base URL:  ${v1(base)}`,
    'Cursor calls custom base URLs from its own servers, so a proxy on 127.0.0.1 must be reachable from the internet',
    '(e.g. through a tunnel) for this to work.',
  ].join('\n'),
};

export default cursor;
