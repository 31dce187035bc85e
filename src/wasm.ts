// The only file that talks to the WebAssembly module. Everything else goes through `Core`.
// Views of wasm memory are re-created on every access (memory can grow during any call that
// allocates), so no view outlives the call that made it.
import { instantiate } from "@assemblyscript/loader";
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
  const url = override
    ? new URL(override, typeof location !== "undefined" ? location.href : import.meta.url)
    : wasmFlavor() === "debug"
      ? new URL("../build/debug.wasm", import.meta.url)
      : new URL("../build/release.wasm", import.meta.url);
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return WebAssembly.compile(new Uint8Array(await readFile(url)));
  }
  const response = await fetch(url);
  if (!response.ok) throw new BytepairError(`Could not load the bytepair core from ${url}: HTTP ${response.status}.`);
  return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
}

/** A fresh instance of the core: its own memory, tables and training state. */
export async function createCore(): Promise<Core> {
  compiled ??= compile();
  const { exports } = await instantiate<CoreExports>(await compiled, {});
  return new Core(exports);
}

/** The core with typed views over its memory. A trap becomes a BytepairError: the instance is spent. */
export class Core {
  constructor(readonly exports: CoreExports) {}

  /** Runs one call into the module, turning a trap (e.g. out of memory) into a clear error. */
  call<T>(what: string, fn: (x: CoreExports) => T): T {
    try {
      return fn(this.exports);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError || (error instanceof Error && /abort|memory/i.test(error.message))) {
        const mib = Math.round(this.exports.memory.buffer.byteLength / 2 ** 20);
        throw new BytepairError(
          `The WebAssembly core ran out of memory while ${what} (${mib} MiB in use; wasm32 stops at 4096 MiB).`,
        );
      }
      throw error;
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
