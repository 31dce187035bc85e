// The benchmark twin: the wasm core's algorithm in pure TypeScript, step for step, so WASM vs TS is a fair race (the readable oracle is src/reference.ts).
import type { Engine, Merge, StopReason, TrainStart } from "../engine.js";
import { MergeLoop } from "./merge.js";
import { ChunkTable } from "./table.js";

export class TwinEngine implements Engine {
  readonly name = "ts";
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
    this.loop = new MergeLoop(this.table, first, byteIds, newTokens, minFrequency, start);
  }
  setNewTokens(newTokens: number): void {
    this.loop!.maxNew = newTokens;
  }
  runMerges(max: number): StopReason | null {
    return this.loop!.run(max);
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
