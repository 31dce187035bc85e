// The only file that talks to the WebAssembly module. Everything else goes through `Core`.
// Views of wasm memory are re-created on every access (memory can grow during any call that
// allocates), so no view outlives the call that made it.
import { instantiateSync } from "@assemblyscript/loader";
import { wasmBytes } from "#wasm-bytes";
import { BytepairError } from "./errors.js";

/** The module's exports: integers and one memory (see assembly/index.ts). */
export interface CoreExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
  ioReserve(size: number): number;
  pairsReset(): void;
  pairsCount(offset: number, len: number, prev: number): void;
  pairsPtr(): number;
  tableReset(): void;
  tableAdd(offset: number, len: number, count: bigint): number;
  tableAddBatch(n: number): number;
  tableAddFoundBatch(n: number): number;
  tableReserve(chunks: number, bytes: number): void;
  tableSplit(parts: number): void;
  tablePartSize(part: number): number;
  tablePartBytes(part: number): number;
  tableExportPart(part: number): void;
  tableSize(): number;
  tableBytes(): number;
  tableBytesPtr(): number;
  tableStartPtr(): number;
  tableCountPtr(): number;
  trainInit(first: number, newTokens: number, minFrequency: bigint, maxLength: number, baseN: number, seedsOffset: number): number;
  trainSetNewTokens(n: number): void;
  trainRun(max: number): number;
  trainMerges(): number;
  mergeLeftPtr(): number;
  mergeRightPtr(): number;
  mergeIdPtr(): number;
  mergeCountPtr(): number;
  trainChunkIds(c: number): number;
  trainTokenCount(): bigint;
  scanSetClass(from: number, to: number, cls: number): void;
  scanSetCase(from: number, to: number, bits: number): void;
  scanInvalid(len: number): number;
  scanCount(len: number, pattern: number): number;
  scanSplit(len: number, pattern: number): number;
  // JSON Lines text fields (assembly/json.ts)
  jsonUnescape(offset: number, len: number): number;
  jsonScanCount(offset: number, len: number, pattern: number): number;
  // the encoder (assembly/encode.ts)
  encoderReset(rule: number): void;
  encoderAddMerges(n: number): void;
  encoderAddTokens(n: number): void;
  encoderFinishTokens(): number;
  encoderSetScanner(pattern: number): void;
  encoderRun(marks: number, textOffset: number): number;
  encoderOutPtr(): number;
  encoderDocEndsPtr(): number;
  encoderClearCache(): void;
}

/** Which build to load: `release` (optimised) or `debug` (every access checked; BYTEPAIR_WASM=debug). */
export function wasmFlavor(): "release" | "debug" {
  const env = typeof process !== "undefined" ? process.env : undefined;
  return env?.BYTEPAIR_WASM === "debug" ? "debug" : "release";
}

let compiled: Promise<WebAssembly.Module> | undefined;
let override: string | URL | undefined;

/** Where the browser (or a bundler) serves the .wasm file, when not beside this module. */
export function setWasmUrl(url: string | URL): void {
  override = url;
  compiled = undefined;
}

async function compile(): Promise<WebAssembly.Module> {
  if (!override) return WebAssembly.compile(await wasmBytes(wasmFlavor()));
  const url = new URL(override, typeof location !== "undefined" ? location.href : import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new BytepairError(`Could not load the bytepair core from ${url}: ${(error as Error).message}.`, "ERR_NETWORK");
  }
  if (!response.ok) throw new BytepairError(`Could not load the bytepair core from ${url}: HTTP ${response.status}.`, "ERR_NETWORK");
  return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
}

/** A fresh instance of the core: its own memory, tables and training state. */
export async function createCore(): Promise<Core> {
  compiled ??= compile();
  // instantiateSync with a compiled module: the loader's async instantiate asks `typeof Response`,
  // which makes Node load its fetch implementation (undici: ~60 CPU ms in every worker thread)
  const { exports } = instantiateSync<CoreExports>(await compiled, {});
  return new Core(exports);
}

/** The core with typed views over its memory. A trap becomes a BytepairError: the instance is spent. */
export class Core {
  constructor(readonly exports: CoreExports) {}

  /** Runs one call into the module, turning a trap or an abort into a BytepairError that says which. */
  call<T>(what: string, fn: (x: CoreExports) => T): T {
    try {
      return fn(this.exports);
    } catch (error) {
      throw coreError(error, what, this.exports.memory.buffer.byteLength);
    }
  }

  /** Copies bytes into the io buffer at `offset` (after reserving offset + length) and returns nothing. */
  write(bytes: Uint8Array, offset = 0): void {
    const ptr = this.call("reserving input space", (x) => x.ioReserve(offset + bytes.length));
    this.u8(ptr + offset, bytes.length).set(bytes);
  }

  /** The io buffer, `size` bytes from its start, after making room for them. */
  io(size: number): number {
    return this.call("reserving input space", (x) => x.ioReserve(size));
  }

  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }
  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, ptr, length);
  }
  u64(ptr: number, length: number): BigUint64Array {
    return new BigUint64Array(this.exports.memory.buffer, ptr, length);
  }
}

/**
 * What a failure inside the core means. Only a failed `memory.grow` is "out of memory": the
 * allocator (AssemblyScript's TLSF) then executes `unreachable`. Every other `unreachable` in
 * build/release.wasm (checked with wasm-dis) follows a call to `abort`, which throws first (see
 * the loader), except the GC visitor's guard for an unknown class id, which only a corrupt heap
 * reaches. An abort (a failed check in the debug build, e.g. an index out of range) and any
 * other trap (out-of-bounds access, division by zero) are internal errors and say so.
 * test/core-errors.test.ts makes a real memory.grow fail (V8 capped at 16 MiB per memory).
 */
export function coreError(error: unknown, what: string, memoryBytes: number): unknown {
  const mib = Math.round(memoryBytes / 2 ** 20);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WebAssembly.RuntimeError && /unreachable/i.test(message)) {
    return new BytepairError(
      `The WebAssembly core ran out of memory while ${what} (${mib} MiB in use; wasm32 stops at 4096 MiB).`,
      "ERR_OUT_OF_MEMORY",
      { cause: error },
    );
  }
  const aborted = /^abort: (.*)$/s.exec(message);
  if (aborted && /allocation too large|invalid length/i.test(aborted[1])) {
    return new BytepairError(
      `The WebAssembly core needed a single block larger than its allocator allows (1 GiB) while ${what} (${mib} MiB in use).`,
      "ERR_OUT_OF_MEMORY",
      { cause: error },
    );
  }
  if (aborted || error instanceof WebAssembly.RuntimeError) {
    const detail = (aborted ? aborted[1] : message).replace(/\.$/, "");
    return new BytepairError(
      `The WebAssembly core stopped on an internal error while ${what}: ${detail} (a bug in bytepair; please report it).`,
      "ERR_CORE",
      { cause: error },
    );
  }
  return error;
}
