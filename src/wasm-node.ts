// How Node finds the core: the .wasm file beside dist/ (package.json "imports" → "#wasm-bytes",
// condition "node"). Browsers get ./wasm-inline.ts instead, so no `node:` module reaches a bundle.
import { readFile } from "node:fs/promises";

/** The compiled core (`release` (optimised) or `debug` (every access checked). */
export async function wasmBytes(flavor: "release" | "debug"): Promise<ArrayBuffer> {
  const file = new URL(`../build/${flavor}.wasm`, import.meta.url);
  try {
    return new Uint8Array(await readFile(file)).buffer;
  } catch (error) {
    const why = flavor === "debug" ? "the debug build is made by `npm run build:wasm` in a clone, not published" : "run `npm run build:wasm`";
    throw new Error(`The bytepair core ${file.pathname} is missing (${why}).`, { cause: error });
  }
}
