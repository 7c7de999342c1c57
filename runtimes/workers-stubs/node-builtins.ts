/**
 * Stand-in for the Node built-ins web-tree-sitter imports on its Node-only paths (`fs/promises`, `module`), which
 * never run in workerd (no `process` there); aliased in wrangler.toml so the Worker builds without nodejs_compat.
 */
const unavailable = (name: string) => () => {
  throw new Error(`headroom: ${name} is not available in the Worker`);
};

export const readFile = unavailable('fs/promises.readFile');
export const createRequire = unavailable('module.createRequire');
export default { readFile, createRequire };
