/**
 * Stand-in for onnxruntime-web in the Worker build (wrangler.toml `[alias]`): importing it fails, so the ONNX
 * scorer stays unavailable and the text compressor keeps its frequency scorer. The real package's wasm would
 * take most of a Worker's size budget.
 */
throw new Error('headroom: onnxruntime-web is not part of the Worker build');
