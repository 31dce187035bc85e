// How Node finds the core: the .wasm file beside dist/ (package.json "imports" → "#wasm-bytes",
// condition "node"). Browsers get ./wasm-inline.ts instead, so no `node:` module reaches a bundle.
import { readFile } from "node:fs/promises";

/** The compiled core (`release` (optimised) or `debug` (every access checked). */
export async function wasmBytes(flavor: "release" | "debug"): Promise<ArrayBuffer> {
  return new Uint8Array(await readFile(new URL(`../build/${flavor}.wasm`, import.meta.url))).buffer;
}
