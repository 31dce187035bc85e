// The Engine backed by the AssemblyScript core.
import { BytepairError } from "./errors.js";
import { IO_BASE_TOKENS, JSON_BAD_ESCAPE, JSON_TABLE_FULL } from "./boundary.js";
import { STOP_REASONS, type Engine, type Merge, type ScanPattern, type StopReason, type TrainStart } from "./engine-types.js";
import { loadScannerClasses, SCANNER_IDS } from "./scanner-classes.js";
import { createCore, type Core } from "./wasm.js";

const TABLE_FULL =
  "The chunk table is full: the unique chunks passed what a wasm table can hold (1 GiB of bytes, or about 31 million chunks); cut long chunks with --max-chunk-bytes, train on a sample (--rows), or use a pre-tokenization pattern.";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a chunk may start with U+FEFF: it is content

/** A wasm32 memory ends at 4 GiB. */
export const WASM32_LIMIT = 4 * 2 ** 30;
/** Training memory per byte of unique chunks (cells, position lists, pairs, heap): 21-27 measured on FineWeb, plus margin. */
export const TRAIN_BYTES_PER_POSITION = 32;

export class WasmEngine implements Engine {
  readonly name = "wasm";
  private constructor(
    private readonly core: Core,
    private readonly memoryLimit: number,
  ) {}

  static async create(memoryLimit = WASM32_LIMIT): Promise<WasmEngine> {
    return new WasmEngine(await createCore(), memoryLimit);
  }

  addChunk(bytes: Uint8Array, count = 1): void {
    this.core.write(bytes);
    const c = this.core.call("counting chunks", (x) => x.tableAdd(0, bytes.length, BigInt(count)));
    if (c < 0) throw new BytepairError(TABLE_FULL);
  }

  addChunks(chunks: readonly Uint8Array[], counts?: readonly number[]): void {
    const n = chunks.length;
    let size = n * 12;
    for (const chunk of chunks) size += chunk.length;
    const ptr = this.core.io(size);
    const countView = this.core.u64(ptr, n);
    const lengths = this.core.u32(ptr + n * 8, n);
    const bytes = this.core.u8(ptr, size);
    let at = n * 12;
    for (let i = 0; i < n; i++) {
      countView[i] = BigInt(counts ? counts[i] : 1);
      lengths[i] = chunks[i].length;
      bytes.set(chunks[i], at);
      at += chunks[i].length;
    }
    if (this.core.call("counting chunks", (x) => x.tableAddBatch(n)) < 0) throw new BytepairError(TABLE_FULL);
  }

  chunkCount(): number {
    return this.core.exports.tableSize();
  }

  chunkBytes(): number {
    return this.core.exports.tableBytes() >>> 0;
  }

  *chunks(): Iterable<[Uint8Array, number]> {
    const x = this.core.exports;
    const n = x.tableSize();
    const start = this.core.u32(x.tableStartPtr(), n + 1);
    const counts = this.core.u64(x.tableCountPtr(), n);
    const bytes = this.core.u8(x.tableBytesPtr(), x.tableBytes() >>> 0);
    for (let c = 0; c < n; c++) yield [bytes.slice(start[c], start[c + 1]), Number(counts[c])];
  }

  startTraining(first: number, byteIds: Uint32Array, newTokens: number, minFrequency: number, start: TrainStart = {}): void {
    // Fail before merging, not in the middle of it: the estimate is checked against the limit.
    const needed = this.core.exports.memory.buffer.byteLength + this.chunkBytes() * TRAIN_BYTES_PER_POSITION;
    if (needed > this.memoryLimit) {
      const mib = (n: number) => Math.ceil(n / 2 ** 20);
      throw new BytepairError(
        `Merging ${this.chunkBytes()} bytes of unique chunks needs about ${mib(needed)} MiB of wasm memory, more than the ${mib(this.memoryLimit)} MiB available; cut long chunks with --max-chunk-bytes, train on a sample (--rows), or use a pre-tokenization pattern.`,
      );
    }
    const { baseN, seedsOffset } = this.writeStart(byteIds, start);
    const status = this.core.call("laying out the chunks for merging", (x) =>
      x.trainInit(first, newTokens, BigInt(minFrequency), start.maxTokenLength ?? 0, baseN, seedsOffset),
    );
    if (status < 0) {
      throw new BytepairError(
        `Merging ${this.chunkBytes()} bytes of unique chunks passes the 1 GiB a wasm table can hold; cut long chunks with --max-chunk-bytes, train on a sample (--rows), or use a pre-tokenization pattern.`,
      );
    }
  }

  /** io: 256 byte ids; with a base, its tokens (ids, lengths, bytes) from IO_BASE_TOKENS (1024) on, then the chunks' ids. */
  private writeStart(byteIds: Uint32Array, start: TrainStart): { baseN: number; seedsOffset: number } {
    const base = start.base;
    if (!base) {
      this.core.u32(this.core.io(IO_BASE_TOKENS), 256).set(byteIds);
      return { baseN: 0, seedsOffset: 0 };
    }
    const ids: number[] = [];
    let bytes = 0;
    for (let id = 0; id < base.tokens.length; id++) {
      const token = base.tokens[id];
      if (token && token.length > 1) {
        ids.push(id);
        bytes += token.length;
      }
    }
    const n = ids.length;
    const seedsOffset = (IO_BASE_TOKENS + n * 8 + bytes + 3) & ~3;
    const ptr = this.core.io(seedsOffset + base.ids.length * 4);
    this.core.u32(ptr, 256).set(byteIds);
    this.core.u32(ptr + IO_BASE_TOKENS, n).set(ids);
    this.core.u32(ptr + IO_BASE_TOKENS + n * 4, n).set(ids.map((id) => base.tokens[id]!.length));
    const out = this.core.u8(ptr + IO_BASE_TOKENS + n * 8, bytes);
    let at = 0;
    for (const id of ids) {
      out.set(base.tokens[id]!, at);
      at += base.tokens[id]!.length;
    }
    this.core.u32(ptr + seedsOffset, base.ids.length).set(base.ids);
    return { baseN: n, seedsOffset };
  }

  setNewTokens(newTokens: number): void {
    this.core.exports.trainSetNewTokens(newTokens);
  }

  runMerges(max: number): StopReason | null {
    return STOP_REASONS[this.core.call("merging", (x) => x.trainRun(max))] ?? null;
  }

  mergeCount(): number {
    return this.core.exports.trainMerges();
  }

  merges(from = 0): Merge[] {
    const x = this.core.exports;
    const n = x.trainMerges();
    const left = this.core.u32(x.mergeLeftPtr(), n);
    const right = this.core.u32(x.mergeRightPtr(), n);
    const id = this.core.u32(x.mergeIdPtr(), n);
    const count = this.core.u64(x.mergeCountPtr(), n);
    const out: Merge[] = [];
    for (let k = from; k < n; k++) out.push({ left: left[k], right: right[k], id: id[k], count: Number(count[k]) });
    return out;
  }

  tokenCount(): number {
    return Number(this.core.exports.trainTokenCount());
  }

  chunkIds(c: number): Uint32Array {
    const x = this.core.exports;
    const start = this.core.u32(x.tableStartPtr(), c + 2);
    const ptr = this.core.io((start[c + 1] - start[c]) * 4);
    const n = x.trainChunkIds(c);
    return this.core.u32(ptr, n).slice();
  }

  private scanner = false;

  /** Loads tiktoken's character classes into the scanner's table (once per instance). */
  private initScanner(): void {
    if (this.scanner) return;
    loadScannerClasses(this.core.exports);
    this.scanner = true;
  }

  /** Writes text as UTF-8 at the start of io; returns its length in bytes. */
  private writeText(text: string, extra: number): number {
    const room = text.length * 3;
    const ptr = this.core.io(room + extra);
    return encoder.encodeInto(text, this.core.u8(ptr, room)).written;
  }

  scanText(text: string, pattern: ScanPattern): number {
    this.initScanner();
    const len = this.writeText(text, 0);
    const n = this.core.call("counting chunks", (x) => x.scanCount(len, SCANNER_IDS[pattern]));
    if (n < 0) throw new BytepairError(TABLE_FULL);
    return len;
  }

  scanBytes(data: Uint8Array, pattern: ScanPattern): number {
    this.initScanner();
    this.core.write(data);
    const n = this.core.call("counting chunks", (x) => x.scanCount(data.length, SCANNER_IDS[pattern]));
    if (n < 0) throw new BytepairError(TABLE_FULL);
    return this.core.exports.scanInvalid(data.length);
  }

  scanEscaped(body: Uint8Array, pattern: ScanPattern): { bytes: number; invalid: number } | null {
    this.initScanner();
    this.core.write(body); // unescaped in place: io holds the body, not the body and its result
    const n = this.core.call("counting chunks", (x) => x.jsonScanCount(0, body.length, SCANNER_IDS[pattern]));
    if (n === JSON_BAD_ESCAPE) return null;
    if (n === JSON_TABLE_FULL) throw new BytepairError(TABLE_FULL);
    return { bytes: n, invalid: this.core.exports.scanInvalid(n) }; // the unescaped bytes are still at io[0..n)
  }

  unescapeJson(body: Uint8Array): Uint8Array | null {
    this.core.write(body);
    const n = this.core.call("unescaping JSON", (x) => x.jsonUnescape(0, body.length));
    return n === JSON_BAD_ESCAPE ? null : this.core.u8(this.core.io(0), n).slice();
  }

  scanByteChunks(data: Uint8Array, pattern: ScanPattern): Uint8Array[] {
    this.initScanner();
    const len = data.length;
    const ptr = this.core.io(((len + 7) & ~7) + len * 4 + 8);
    this.core.u8(ptr, len).set(data);
    const n = this.core.exports.scanSplit(len, SCANNER_IDS[pattern]);
    const lengths = this.core.u32(ptr + ((len + 7) & ~7), n);
    const out: Uint8Array[] = [];
    let at = 0;
    for (const l of lengths) {
      out.push(data.slice(at, at + l));
      at += l;
    }
    return out;
  }

  scanChunks(text: string, pattern: ScanPattern): string[] {
    this.initScanner();
    const len = this.writeText(text, text.length * 12 + 8);
    const n = this.core.exports.scanSplit(len, SCANNER_IDS[pattern]);
    const ptr = this.core.io(0);
    const bytes = this.core.u8(ptr, len);
    const lengths = this.core.u32(ptr + ((len + 7) & ~7), n);
    const out: string[] = [];
    let at = 0;
    for (const l of lengths) {
      out.push(decoder.decode(bytes.subarray(at, at + l)));
      at += l;
    }
    return out;
  }

  exportTable(): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array } {
    const x = this.core.exports;
    const n = x.tableSize();
    const start = this.core.u32(x.tableStartPtr(), n + 1);
    const lengths = new Uint32Array(n);
    for (let c = 0; c < n; c++) lengths[c] = start[c + 1] - start[c];
    const counts = this.core.u64(x.tableCountPtr(), n).slice();
    const bytes = this.core.u8(x.tableBytesPtr() + start[0], start[n] - start[0]).slice();
    return { bytes, lengths, counts };
  }

  exportTableParts(parts: number, which: readonly number[]): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array }[] {
    this.core.call("counting chunks", (x) => x.tableSplit(parts));
    return which.map((part) => {
      const x = this.core.exports;
      const n = x.tablePartSize(part);
      const size = x.tablePartBytes(part);
      const ptr = this.core.io(n * 12 + size); // io may move memory: views made after it
      x.tableExportPart(part);
      return { counts: this.core.u64(ptr, n).slice(), lengths: this.core.u32(ptr + n * 8, n).slice(), bytes: this.core.u8(ptr + n * 12, size).slice() };
    });
  }

  reserveTable(chunks: number, bytes: number): void {
    this.core.call("counting chunks", (x) => x.tableReserve(chunks, bytes));
  }

  addTable(bytes: Uint8Array, lengths: Uint32Array, counts: BigUint64Array): void {
    this.eachBatch(bytes, lengths, counts, (n) => {
      if (this.core.call("counting chunks", (x) => x.tableAddBatch(n)) < 0) throw new BytepairError(TABLE_FULL);
    });
  }

  addFoundTable(bytes: Uint8Array, lengths: Uint32Array, counts: BigUint64Array): { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array }[] {
    const rest: { bytes: Uint8Array; lengths: Uint32Array; counts: BigUint64Array }[] = [];
    this.eachBatch(bytes, lengths, counts, (n, ptr) => {
      const m = this.core.call("counting chunks", (x) => x.tableAddFoundBatch(n));
      if (m === 0) return;
      const left = this.core.u32(ptr + n * 8, m).slice();
      let size = 0;
      for (const len of left) size += len;
      rest.push({ counts: this.core.u64(ptr, m).slice(), lengths: left, bytes: this.core.u8(ptr + n * 12, size).slice() });
    });
    return rest;
  }

  /** Writes a table into io 64 K chunks at a time (tableAddBatch's layout: counts, lengths, bytes) and hands each batch to `each`. */
  private eachBatch(bytes: Uint8Array, lengths: Uint32Array, counts: BigUint64Array, each: (n: number, ptr: number) => void): void {
    const BATCH = 1 << 16; // chunks per call: bounds the io buffer
    let at = 0;
    for (let from = 0; from < lengths.length; from += BATCH) {
      const n = Math.min(BATCH, lengths.length - from);
      let size = 0;
      for (let i = from; i < from + n; i++) size += lengths[i];
      const ptr = this.core.io(n * 12 + size); // io may move memory: views made after it
      this.core.u64(ptr, n).set(counts.subarray(from, from + n));
      this.core.u32(ptr + n * 8, n).set(lengths.subarray(from, from + n));
      this.core.u8(ptr + n * 12, size).set(bytes.subarray(at, at + size));
      at += size;
      each(n, ptr);
    }
  }

  countPairs(bytes: Uint8Array, prev: number): void {
    for (let at = 0; at < bytes.length; at += 1 << 20) {
      const piece = bytes.subarray(at, at + (1 << 20));
      this.core.write(piece);
      this.core.exports.pairsCount(0, piece.length, at === 0 ? prev : bytes[at - 1]);
    }
  }

  pairCounts(): Float64Array {
    const counts = this.core.u64(this.core.exports.pairsPtr(), 65536);
    return Float64Array.from(counts, Number);
  }
}
