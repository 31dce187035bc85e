// The benchmark twin: the wasm core's algorithm in pure TypeScript, step for step, so WASM vs TS is a fair race (the readable oracle is src/reference.ts).
import type { Engine, Merge, StopReason, TrainStart } from "../engine-types.js";
import { BytepairError } from "../errors.js";
import { MergeLoop } from "./merge.js";
import { ChunkTable } from "./table.js";

/** Merges between two looks at the heap: one merge allocates little, so the heap cannot jump past the limit between looks. */
const CHECK_EVERY = 16;
/** Stop at this share of the heap limit: V8 aborts the process (no error to catch) when it reaches it. */
const HEAP_SHARE = 0.8;
/** Heap per byte of unique chunks that merging needs at the least (position lists, pair maps); random bytes take ~300. */
const HEAP_BYTES_PER_POSITION = 24;

const heapUsed = (): number | undefined => (globalThis as { process?: { memoryUsage?: () => { heapUsed: number } } }).process?.memoryUsage?.().heapUsed;

export class TwinEngine implements Engine {
  readonly name = "ts";
  /** memoryLimit: the JavaScript heap's limit (Node: v8's heap_size_limit); merging stops with a clear error before it. */
  constructor(private readonly memoryLimit?: number) {}
  private readonly table = new ChunkTable();
  private loop: MergeLoop | undefined;
  private readonly pairs = new Float64Array(65536); // first << 8 | second -> count

  addChunk(bytes: Uint8Array, count = 1): void {
    this.table.add(bytes, count);
  }
  addChunks(chunks: readonly Uint8Array[], counts?: readonly number[]): void {
    chunks.forEach((chunk, i) => this.table.add(chunk, counts ? counts[i] : 1));
  }
  chunkCount(): number {
    return this.table.chunks.length;
  }
  chunkBytes(): number {
    return this.table.bytes;
  }
  *chunks(): Iterable<[Uint8Array, number]> {
    for (let c = 0; c < this.table.chunks.length; c++) yield [this.table.chunks[c], this.table.counts[c]];
  }
  startTraining(first: number, byteIds: Uint32Array, newTokens: number, minFrequency: number, start?: TrainStart): void {
    this.checkMemory(this.table.bytes * HEAP_BYTES_PER_POSITION);
    this.loop = new MergeLoop(this.table, first, byteIds, newTokens, minFrequency, start);
  }
  setNewTokens(newTokens: number): void {
    this.loop!.maxNew = newTokens;
  }
  runMerges(max: number): StopReason | null {
    if (this.memoryLimit === undefined) return this.loop!.run(max);
    for (let done = 0; done < max; done += CHECK_EVERY) {
      const stop = this.loop!.run(Math.min(CHECK_EVERY, max - done));
      if (stop !== null) return stop;
      this.checkMemory(0);
    }
    return null;
  }

  /** Throws, while it still can, when the heap (plus `more` bytes about to be needed) nears the limit. */
  private checkMemory(more: number): void {
    const used = this.memoryLimit === undefined ? undefined : heapUsed();
    if (used === undefined || used + more < this.memoryLimit! * HEAP_SHARE) return;
    const mib = (n: number) => Math.ceil(n / 2 ** 20);
    const made = this.mergeCount();
    this.loop = undefined; // let the position lists go
    throw new BytepairError(
      `The TypeScript engine needs more than its ${mib(this.memoryLimit! * HEAP_SHARE)} MiB of JavaScript heap to merge ${this.table.bytes} bytes of unique chunks (${made} merges made); use the wasm engine, cut long chunks with --max-chunk-bytes, train on a sample (--rows), or use a pre-tokenization pattern.`,
    );
  }
  mergeCount(): number {
    return this.loop?.merges.length ?? 0;
  }
  merges(from = 0): Merge[] {
    return this.loop!.merges.slice(from);
  }
  tokenCount(): number {
    let total = 0;
    for (let c = 0; c < this.table.chunks.length; c++) total += this.loop!.chunkIds(c).length * this.table.counts[c];
    return total;
  }
  chunkIds(c: number): Uint32Array {
    return this.loop!.chunkIds(c);
  }
  countPairs(bytes: Uint8Array, prev: number): void {
    if (bytes.length === 0) return;
    let left = bytes[0];
    if (prev >= 0) this.pairs[(prev << 8) | left]++;
    for (let i = 1; i < bytes.length; i++) {
      const right = bytes[i];
      this.pairs[(left << 8) | right]++;
      left = right;
    }
  }
  pairCounts(): Float64Array {
    return this.pairs.slice();
  }
}
