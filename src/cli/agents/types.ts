/** What the agent registry knows about one coding agent: how to point it at the proxy, for one run or durably. */

/** Where the proxy listens and the environment the agent will see. */
export interface WrapContext {
  /** The proxy's base URL without a path, e.g. `http://127.0.0.1:8787`. */
  base: string;
  env: NodeJS.ProcessEnv;
  /**
   * Request headers the agent should send to the proxy on every call (`wrap --memory`: `x-headroom-project`, so
   * the memory tools file notes under the project's git root). Per run only; durable configs never get them.
   */
  headers?: Record<string, string>;
}

/** How one run is pointed at the proxy: variables added to its environment and arguments put before the user's. */
export interface LaunchPlan {
  env: Record<string, string>;
  args: string[];
}

export type ConfigFormatName = 'json' | 'toml' | 'yaml';

/**
 * One key we set in an agent's config file. `value` is what we want there; `previous` is what was there before
 * (undefined = absent). `revert` computes what to put back when the user has edited the file since we wrote it;
 * by default the previous value comes back only while the key still holds ours.
 */
export interface ConfigEdit {
  path: string[];
  value(previous: unknown): unknown;
  /** What the key should hold after unwrap, given what it holds now (undefined = remove it). */
  revert?(current: unknown, previous: unknown): unknown;
}

/** Durable mode: the agent's own config file and the keys that point it at the proxy. */
export interface PersistSpec {
  /** Absolute path of the config file (honouring the agent's own home variables). */
  file(env: NodeJS.ProcessEnv): string;
  format: ConfigFormatName;
  edits(ctx: WrapContext): ConfigEdit[];
  /** Base URLs the file currently points the agent at (for doctor), read from its parsed content. */
  pointsAt(config: Record<string, unknown>): string[];
}

export interface AgentDef {
  name: string;
  /** What people call it, for messages. */
  title: string;
  /** Executable on PATH; absent for GUI apps, which get settings to paste instead. */
  bin?: string;
  launch?(ctx: WrapContext): LaunchPlan;
  persist?: PersistSpec;
  /** Settings to paste (GUI apps) or a note printed with every wrap. */
  instructions?(ctx: WrapContext): string;
  /** Environment variables that, when set in a shell, point this agent somewhere (for doctor). */
  envVars: string[];
}

/** Reads a nested value from parsed config (objects only). */
export function getIn(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** `http://127.0.0.1:8787` → `http://127.0.0.1:8787/v1` (OpenAI-style clients want the version in the base). */
export const v1 = (base: string) => `${base}/v1`;
