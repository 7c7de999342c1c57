// Types the runtime entries need beyond Node's.

// wrangler's default module rules turn `*.wasm` imports into compiled modules (type CompiledWasm).
declare module '*.wasm' {
  const mod: WebAssembly.Module;
  export default mod;
}

// Bun and Deno set `import.meta.main` on the entry module.
interface ImportMeta {
  readonly main?: boolean;
}

// workerd's built-in module: `waitUntil` extends the current request's lifetime from anywhere in the Worker.
declare module 'cloudflare:workers' {
  export function waitUntil(promise: Promise<unknown>): void;
}
