// How browsers and bundlers find the core: the release .wasm inlined as base64 in a module loaded
// only when a core is first needed (package.json "imports" → "#wasm-bytes", default condition).
// Every bundler handles a plain module; few emit a `new URL("x.wasm", import.meta.url)` asset
// without a plugin (esbuild and Rollup do not). Measured (README "Bundlers"): 29.6 KB wasm →
// 39.5 KB base64, 22 KB gzipped. setWasmUrl() fetches a served file instead (strict CSPs, streaming).

/** The compiled core's bytes. Only the release build is inlined; the debug build is Node's. */
export async function wasmBytes(flavor: "release" | "debug"): Promise<ArrayBuffer> {
  if (flavor === "debug") throw new Error("The debug build of the core is loaded in Node only (BYTEPAIR_WASM=debug); use setWasmUrl() in a browser.");
  const { RELEASE_WASM } = await import("./wasm-base64.js");
  return decodeBase64(RELEASE_WASM).buffer;
}

function decodeBase64(text: string): { buffer: ArrayBuffer } {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
