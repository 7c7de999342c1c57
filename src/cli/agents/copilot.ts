/**
 * GitHub Copilot CLI: bring-your-own-key mode reads COPILOT_PROVIDER_BASE_URL (+ COPILOT_PROVIDER_TYPE,
 * COPILOT_PROVIDER_API_KEY, COPILOT_MODEL) from its environment only, so there is no durable mode.
 * The `openai` type (its default) wants the version path in the base; `anthropic` does not.
 */
import { v1, type AgentDef } from './types.ts';

export const NAME = 'copilot';

const copilot: AgentDef = {
  name: NAME,
  title: 'GitHub Copilot CLI',
  bin: 'copilot',
  envVars: ['COPILOT_PROVIDER_BASE_URL'],
  launch: ({ base, env }) => ({
    env: { COPILOT_PROVIDER_BASE_URL: env.COPILOT_PROVIDER_TYPE === 'anthropic' ? base : v1(base) },
    args: [],
  }),
  instructions: ({ env }) => (env.COPILOT_MODEL ? '' : 'note: Copilot CLI needs COPILOT_MODEL (and COPILOT_PROVIDER_API_KEY) for a custom provider'),
};

export default copilot;
