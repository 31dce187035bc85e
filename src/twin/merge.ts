// The merge loop in pure TypeScript: the twin of assembly/merge.ts (and cells.ts), step for step.
// One cell per position: the token id where a token starts, TAG | that token's start inside it.
// Per pair, the positions where it may start (append-only, checked when used). A merge walks only
// its pair's positions and sums the changes to its neighbours' pairs by the neighbour's id.
// Plain arrays and Maps stand in for the core's raw tables; its cache tricks (warm(), hash slots
// touched ahead, two positions in a vector's header, one index per distinct chunk count) change no
// result and are left out.
import type { Merge, StopReason, TrainStart } from "../engine-types.js";
import { PairHeap } from "./heap.js";
import { bytesKey, type ChunkTable } from "./table.js";
import { MergedVocab } from "./vocab.js";

const TAG = 0x80000000; // cell inside a token: TAG | the position where the token starts (exact at its last position)
const FIRST = 0x40000000; // on the cell of a chunk's first token, and on the sentinel cell after the last chunk
const ID = 0x3fffffff;
const SHIFT = 2 ** 32; // pair key = left * 2^32 + right: exact while ids stay below 2^21

const key = (left: number, right: number): number => left * SHIFT + right;

/** A neighbour met during one merge of (a, b) into id: x in "x a b" or y in "a b y". */
interface Side {
  weight: number; // summed chunk counts: what (x, a) or (b, y) loses and the new pair (x, id) or (id, y) gains
  positions: number[]; // where the new pair starts
  pair: number; // the new pair, once settle() made it
}

export class MergeLoop {
  private readonly cells: Uint32Array; // position -> token id (| FIRST) where a token starts, else TAG | start
  private readonly owner: Uint32Array; // position -> chunk
  private readonly lengths: number[] = []; // id -> length in bytes (the positions it spans)
  private readonly starts: number[] = []; // chunk -> its first position
  private readonly pairIndex = new Map<number, number>(); // pair key -> pair
  private readonly pairKey: number[] = []; // pair -> key
  private readonly pairCount: number[] = []; // pair -> live count
  private readonly pairMark: number[] = []; // pair -> merge step that last raised its count
  private readonly pairPositions: (number[] | undefined)[] = []; // pair -> positions where it may start
  private readonly heap = new PairHeap();
  private readonly minCount: number; // counts below this are never pushed: such pairs cannot be merged
  private readonly maxLength: number; // a new pair of this many bytes or more is never counted (0: no limit)
  private readonly vocab: MergedVocab;
  private lefts = new Map<number, Side>(); // this merge: left neighbour x -> side
  private rights = new Map<number, Side>(); // this merge: right neighbour y -> side
  private newId = 0;
  private made = 0;
  readonly merges: Merge[] = [];

  constructor(
    private readonly table: ChunkTable,
    first: number,
    byteIds: Uint32Array,
    public maxNew: number,
    private readonly minFrequency: number,
    start: TrainStart = {},
  ) {
    const n = table.bytes;
    this.minCount = Math.max(minFrequency, 1);
    this.maxLength = start.maxTokenLength ?? 0;
    this.vocab = new MergedVocab(first, byteIds);
    for (let b = 0; b < 256; b++) this.lengths[byteIds[b]] = 1;
    this.cells = new Uint32Array(n + 1);
    this.owner = new Uint32Array(n);
    let at = 0;
    table.chunks.forEach((bytes, c) => {
      this.starts.push(at);
      for (let i = 0; i < bytes.length; i++, at++) {
        this.cells[at] = byteIds[bytes[i]] | (i === 0 ? FIRST : 0);
        this.owner[at] = c;
      }
    });
    this.starts.push(at);
    this.cells[n] = FIRST;
    if (start.base) this.seed(start.base.tokens, start.base.ids);
    else this.countPairs(byteIds);
  }

  /** --extend: lays the chunks out as a tokenizer's ids (seeds, chunk after chunk) and counts their pairs. */
  private seed(tokens: ArrayLike<Uint8Array | undefined>, seeds: Uint32Array): void {
    for (let id = 0; id < tokens.length; id++) {
      const bytes = tokens[id];
      if (!bytes || bytes.length < 2) continue;
      this.vocab.addBase(id, bytesKey(bytes));
      this.lengths[id] = bytes.length;
    }
    let t = 0;
    for (let c = 0; c < this.table.chunks.length; c++) {
      for (let i = this.starts[c]; i < this.starts[c + 1]; ) {
        const id = seeds[t++];
        this.cells[i] = id | (i === this.starts[c] ? FIRST : 0);
        for (let j = 1; j < this.lengths[id]; j++) this.cells[i + j] = TAG | i;
        i += this.lengths[id];
      }
    }
    this.table.chunks.forEach((_, c) => {
      const w = this.table.counts[c];
      const ids = this.chunkIds(c);
      let i = this.starts[c];
      for (let k = 0; k + 1 < ids.length; k++) {
        const p = this.intern(key(ids[k], ids[k + 1]));
        this.pairCount[p] += w;
        (this.pairPositions[p] ??= []).push(i);
        i += this.lengths[ids[k]];
      }
    });
    for (let p = 0; p < this.pairKey.length; p++) {
      if (this.pairCount[p] >= this.minCount) this.heap.push(this.pairCount[p], this.pairKey[p]);
    }
  }

  /** Every byte pair's count and positions, in position order. */
  private countPairs(byteIds: Uint32Array): void {
    const pairOfBytes = new Int32Array(65536).fill(-1); // first << 8 | second -> pair
    this.table.chunks.forEach((bytes, c) => {
      const w = this.table.counts[c];
      for (let i = 0; i + 1 < bytes.length; i++) {
        const bp = (bytes[i] << 8) | bytes[i + 1];
        if (pairOfBytes[bp] < 0) pairOfBytes[bp] = this.intern(key(byteIds[bytes[i]], byteIds[bytes[i + 1]]));
        const p = pairOfBytes[bp];
        this.pairCount[p] += w;
        (this.pairPositions[p] ??= []).push(this.starts[c] + i);
      }
    });
    for (let p = 0; p < this.pairKey.length; p++) {
      if (this.pairCount[p] >= this.minCount) this.heap.push(this.pairCount[p], this.pairKey[p]);
    }
  }

  private intern(k: number): number {
    let p = this.pairIndex.get(k);
    if (p === undefined) {
      p = this.pairKey.length;
      this.pairIndex.set(k, p);
      this.pairKey.push(k);
      this.pairCount.push(0);
      this.pairMark.push(-1);
      this.pairPositions.push(undefined);
    }
    return p;
  }

  /** The position where the token ending just before position i starts (i must not start a chunk). */
  private startBefore(i: number): number {
    const c = this.cells[i - 1];
    return c & TAG ? c & ~TAG : i - 1;
  }

  /** Position `at` now starts the new pair with neighbour x, in a chunk of weight w. */
  private meet(sides: Map<number, Side>, x: number, at: number, w: number): void {
    let side = sides.get(x);
    if (side === undefined) {
      side = { weight: 0, positions: [], pair: -1 };
      sides.set(x, side);
    }
    side.weight += w;
    side.positions.push(at);
  }

  /** Merges token a at position i with token b right after it (la, lb: their lengths) into newId. */
  private mergeAt(i: number, la: number, lb: number): void {
    const cells = this.cells;
    const c = cells[i];
    const j = i + la;
    const after = j + lb;
    const w = this.table.counts[this.owner[i]];
    if (!(c & FIRST)) {
      const before = this.startBefore(i);
      this.meet(this.lefts, cells[before] & ID, before, w);
    }
    cells[i] = this.newId | (c & FIRST);
    cells[j] = TAG | i;
    cells[after - 1] = TAG | i; // the new token's last position points back to its start
    const y = cells[after];
    if (!(y & FIRST)) this.meet(this.rights, y, i, w);
  }

  /** Merges every occurrence of pair p = (a, b), left to right within each chunk. */
  private mergeAll(p: number, a: number, b: number): void {
    const cells = this.cells;
    const la = this.lengths[a];
    const lb = this.lengths[b];
    this.lefts = new Map();
    this.rights = new Map();
    for (let i of this.pairPositions[p] ?? []) {
      // Stale: the token at i is no longer a, or the one after it is no longer b (or is in the next chunk).
      if ((cells[i] & ~FIRST) !== a || cells[i + la] !== b) continue;
      if (a !== b) {
        this.mergeAt(i, la, lb);
        continue;
      }
      // Overlapping (a, a): walk back to the start of this run of a's, then merge it left to right.
      while (!(cells[i] & FIRST) && (cells[this.startBefore(i)] & ~FIRST) === a) i = this.startBefore(i);
      do {
        this.mergeAt(i, la, la);
        i += 2 * la;
      } while (cells[i] === a && cells[i + la] === a);
    }
    this.pairPositions[p] = undefined;
    this.settle(p, a, b);
  }

  /** Gives the new pairs their positions and weights, takes the weights from the old ones, pushes the new. */
  private settle(p: number, a: number, b: number): void {
    const { pairCount, pairIndex } = this;
    // Rises first, so that no count passes below zero on the way (pair (id, a) can rise and fall).
    // HF's max_token_length: a new pair of maxLength bytes or more is never counted.
    const tooLong = (x: number) => this.maxLength > 0 && this.lengths[x] + this.lengths[this.newId] >= this.maxLength;
    for (const [x, side] of this.lefts) if (!tooLong(x)) this.adopt(side, key(x, this.newId));
    for (const [y, side] of this.rights) if (!tooLong(y)) this.adopt(side, key(this.newId, y));
    // A pair that was too long to count has no entry: nothing to take from.
    const take = (k: number, weight: number) => {
      const q = pairIndex.get(k);
      if (q !== undefined) pairCount[q] -= weight;
    };
    for (const [x, side] of this.lefts) take(key(x, a), side.weight);
    for (const [y, side] of this.rights) take(key(b, y), side.weight);
    pairCount[p] = 0; // every occurrence of (a, b) is gone
    for (const side of this.lefts.values()) if (side.pair >= 0) this.raise(side.pair);
    for (const side of this.rights.values()) if (side.pair >= 0) this.raise(side.pair);
  }

  /** The side's new pair (key k) gets its positions and its weight. */
  private adopt(side: Side, k: number): void {
    side.pair = this.intern(k);
    const had = this.pairPositions[side.pair];
    this.pairPositions[side.pair] = had === undefined ? side.positions : had.concat(side.positions);
    this.pairCount[side.pair] += side.weight;
  }

  /** Pushes pair q's count, once per merge. */
  private raise(q: number): void {
    if (this.pairCount[q] >= this.minCount && this.pairMark[q] !== this.merges.length) {
      this.pairMark[q] = this.merges.length;
      this.heap.push(this.pairCount[q], this.pairKey[q]);
    }
  }

  run(max: number): StopReason | null {
    const heap = this.heap;
    for (let done = 0; done < max; ) {
      if (this.made >= this.maxNew) return "vocabSize";
      if (heap.size === 0) return this.pairCount.some((c) => c > 0) ? "minFrequency" : "noPairs";
      const k = heap.topKey;
      const p = this.pairIndex.get(k)!;
      const live = this.pairCount[p];
      if (heap.topCount !== live) {
        heap.pop();
        if (live >= this.minCount) heap.push(live, k);
        continue;
      }
      if (live < this.minFrequency) return "minFrequency";
      heap.pop();
      const a = Math.floor(k / SHIFT);
      const b = k % SHIFT;
      this.newId = this.vocab.idFor(a, b);
      if (this.vocab.isNew) this.made++;
      this.lengths[this.newId] = this.lengths[a] + this.lengths[b];
      this.merges.push({ left: a, right: b, id: this.newId, count: live });
      this.mergeAll(p, a, b);
      done++;
    }
    return null;
  }

  chunkIds(c: number): Uint32Array {
    const out: number[] = [];
    for (let i = this.starts[c]; i < this.starts[c + 1]; i += this.lengths[this.cells[i] & ID]) out.push(this.cells[i] & ID);
    return Uint32Array.from(out);
  }
}
