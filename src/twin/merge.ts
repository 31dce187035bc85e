// The merge loop in pure TypeScript: the twin of assembly/merge.ts, step for step.
// Symbols in one array, chained per chunk (prev/next) and per pair (occPrev/occNext); a merge
// walks only its pair's occurrence list and updates the neighbours of each merged occurrence.
import type { Merge, StopReason } from "../engine.js";
import { PairHeap } from "./heap.js";
import type { ChunkTable } from "./table.js";
import { MergedVocab } from "./vocab.js";

const DEAD = 0xffffffff;
const SHIFT = 2 ** 32; // pair key = left * 2^32 + right: exact while ids stay below 2^21

export class MergeLoop {
  private readonly sym: Uint32Array; // position -> token id
  private readonly prev: Int32Array; // position -> previous live position in its chunk, -1 at the start
  private readonly next: Int32Array; // position -> next live position, -1 at the end
  private readonly occPrev: Int32Array; // position -> previous position where the same pair starts
  private readonly occNext: Int32Array; // position -> next position where the same pair starts
  private readonly owner: Uint32Array; // position -> chunk
  private readonly starts: number[] = []; // chunk -> its first position
  private readonly pairIndex = new Map<number, number>(); // pair key -> pair
  private readonly pairKey: number[] = []; // pair -> key
  private readonly pairCount: number[] = []; // pair -> live count
  private readonly pairHead: number[] = []; // pair -> first position of its occurrence list
  private readonly pairMark: number[] = []; // pair -> merge step that last raised its count
  private readonly heap = new PairHeap();
  private readonly vocab: MergedVocab;
  private touched: number[] = [];
  private made = 0;
  readonly merges: Merge[] = [];

  constructor(
    private readonly table: ChunkTable,
    first: number,
    byteIds: Uint32Array,
    private readonly maxNew: number,
    private readonly minFrequency: number,
  ) {
    const n = table.bytes;
    this.vocab = new MergedVocab(first, byteIds);
    this.sym = new Uint32Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
    this.occPrev = new Int32Array(n);
    this.occNext = new Int32Array(n);
    this.owner = new Uint32Array(n);
    let at = 0;
    table.chunks.forEach((bytes, c) => {
      this.starts.push(at);
      for (let i = 0; i < bytes.length; i++, at++) {
        this.sym[at] = byteIds[bytes[i]];
        this.prev[at] = i === 0 ? -1 : at - 1;
        this.next[at] = i + 1 === bytes.length ? -1 : at + 1;
        this.owner[at] = c;
      }
    });
    this.starts.push(at);
    table.chunks.forEach((bytes, c) => {
      const s = this.starts[c];
      for (let i = s; i < s + bytes.length - 1; i++) this.link(i, this.intern(this.sym[i] * SHIFT + this.sym[i + 1]), table.counts[c]);
    });
    for (let p = 0; p < this.pairKey.length; p++) this.heap.push(this.pairCount[p], this.pairKey[p]);
  }

  private intern(key: number): number {
    let p = this.pairIndex.get(key);
    if (p === undefined) {
      p = this.pairKey.length;
      this.pairIndex.set(key, p);
      this.pairKey.push(key);
      this.pairCount.push(0);
      this.pairHead.push(-1);
      this.pairMark.push(-1);
    }
    return p;
  }

  private link(i: number, p: number, w: number): void {
    const h = this.pairHead[p];
    this.occPrev[i] = -1;
    this.occNext[i] = h;
    if (h >= 0) this.occPrev[h] = i;
    this.pairHead[p] = i;
    this.pairCount[p] += w;
  }

  private unlink(i: number, left: number, right: number, w: number): void {
    const p = this.pairIndex.get(left * SHIFT + right)!;
    const op = this.occPrev[i];
    const on = this.occNext[i];
    if (op >= 0) this.occNext[op] = on;
    else this.pairHead[p] = on;
    if (on >= 0) this.occPrev[on] = op;
    this.pairCount[p] -= w;
  }

  private raise(i: number, left: number, right: number, w: number): void {
    const p = this.intern(left * SHIFT + right);
    this.link(i, p, w);
    if (this.pairMark[p] !== this.merges.length) {
      this.pairMark[p] = this.merges.length;
      this.touched.push(p);
    }
  }

  private mergeAt(i: number, a: number, b: number, id: number): void {
    const { sym, prev, next } = this;
    const j = next[i];
    const before = prev[i];
    const after = next[j];
    const w = this.table.counts[this.owner[i]];
    if (before >= 0) this.unlink(before, sym[before], a, w);
    this.unlink(i, a, b, w);
    if (after >= 0) this.unlink(j, b, sym[after], w);
    sym[i] = id;
    sym[j] = DEAD;
    next[i] = after;
    if (after >= 0) prev[after] = i;
    if (before >= 0) this.raise(before, sym[before], id, w);
    if (after >= 0) this.raise(i, id, sym[after], w);
  }

  private mergeAll(p: number, a: number, b: number, id: number): void {
    const { sym, prev, next, pairHead } = this;
    this.touched = [];
    if (a !== b) {
      while (pairHead[p] >= 0) this.mergeAt(pairHead[p], a, b, id);
    } else {
      // Overlapping (a, a): merge each run of a's left to right from its start.
      while (pairHead[p] >= 0) {
        let s = pairHead[p];
        while (prev[s] >= 0 && sym[prev[s]] === a) s = prev[s];
        while (s >= 0 && sym[s] === a && next[s] >= 0 && sym[next[s]] === a) {
          this.mergeAt(s, a, b, id);
          s = next[s];
        }
      }
    }
    for (const q of this.touched) if (this.pairCount[q] > 0) this.heap.push(this.pairCount[q], this.pairKey[q]);
  }

  run(max: number): StopReason | null {
    const heap = this.heap;
    for (let done = 0; done < max; ) {
      if (this.made >= this.maxNew) return "vocabSize";
      if (heap.size === 0) return "noPairs";
      const k = heap.topKey;
      const p = this.pairIndex.get(k)!;
      const live = this.pairCount[p];
      if (heap.topCount !== live) {
        heap.pop();
        if (live > 0) heap.push(live, k);
        continue;
      }
      if (live < this.minFrequency) return "minFrequency";
      heap.pop();
      const a = Math.floor(k / SHIFT);
      const b = k % SHIFT;
      const id = this.vocab.idFor(a, b);
      if (this.vocab.isNew) this.made++;
      this.merges.push({ left: a, right: b, id, count: live });
      this.mergeAll(p, a, b, id);
      done++;
    }
    return null;
  }

  chunkIds(c: number): Uint32Array {
    const out: number[] = [];
    if (this.starts[c] === this.starts[c + 1]) return new Uint32Array(0);
    for (let i = this.starts[c]; i >= 0; i = this.next[i]) out.push(this.sym[i]);
    return Uint32Array.from(out);
  }
}
