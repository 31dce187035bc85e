// Rank-based BPE encoding in pure TypeScript, as tiktoken does it: inside one chunk, repeatedly merge
// the adjacent pair with the lowest rank (the earliest merge), the leftmost one on ties. This is the
// benchmark twin of assembly/encode.ts (same algorithm, so WASM vs TS is fair; the readable oracle is
// src/reference.ts); tests run both on the same text and demand the same ids.
// A binary heap of (rank, position) over a linked list keeps a long chunk (a whole document with
// pattern "none", or 1 MB of one character) at O(n log n) instead of O(n^2).
import type { Merge } from "./engine.js";

/**
 * pair (left, right) -> the rank of its merge and the id it makes. Open addressing over typed
 * arrays: a JS Map keyed by left * 2^32 + right hashes doubles, and was 2-3x slower.
 */
export class PairTable {
  private left = new Int32Array(1024).fill(-1); // -1: empty slot
  private right = new Int32Array(1024);
  readonly rank: Int32Array<ArrayBuffer> = new Int32Array(1024); // slot -> rank
  readonly id: Int32Array<ArrayBuffer> = new Int32Array(1024); // slot -> id
  private mask = 1023;
  size = 0;

  /** The slot of (left, right), or -1. */
  find(left: number, right: number): number {
    let s = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) & this.mask;
    for (let l = this.left[s]; l !== -1; l = this.left[s]) {
      if (l === left && this.right[s] === right) return s;
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  /** Adds the pair unless it is there already (the first, lowest rank, wins). */
  add(left: number, right: number, rank: number, id: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    let s = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) & this.mask;
    for (let l = this.left[s]; l !== -1; l = this.left[s]) {
      if (l === left && this.right[s] === right) return;
      s = (s + 1) & this.mask;
    }
    this.left[s] = left;
    this.right[s] = right;
    this.rank[s] = rank;
    this.id[s] = id;
    this.size++;
  }

  private grow(): void {
    const [left, right, rank, id] = [this.left, this.right, this.rank, this.id];
    const cap = (this.mask + 1) * 2;
    this.left = new Int32Array(cap).fill(-1);
    this.right = new Int32Array(cap);
    (this as { rank: Int32Array<ArrayBuffer> }).rank = new Int32Array(cap);
    (this as { id: Int32Array<ArrayBuffer> }).id = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let s = 0; s < left.length; s++) if (left[s] !== -1) this.add(left[s], right[s], rank[s], id[s]);
  }
}

/**
 * Which adjacent pairs merge:
 * - "merges": only the listed merges, ranked by their position (minbpe, HuggingFace, trained here);
 * - "ranks": any two tokens whose bytes together are a token, ranked by that token; and a chunk
 *   whose bytes are a token is that token (tiktoken's mergeable_ranks).
 */
export type MergeRule = "merges" | "ranks";

/** Bytes as a string of char codes 0..255: a cheap Map key. */
export function byteKey(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/** The merges rule's pair table: the first merge of each pair wins. */
export function mergePairs(merges: readonly Merge[]): PairTable {
  const table = new PairTable();
  merges.forEach((m, rank) => table.add(m.left, m.right, rank, m.id));
  return table;
}

/**
 * The ranks rule's pair table: every way to cut a token into two tokens is a pair with that token's
 * rank. `ranked` lists the tokens of two bytes or more, lowest rank first; `idOf` finds any token's
 * id from its byteKey.
 */
export function tokenPairs(ranked: readonly { id: number; bytes: Uint8Array }[], idOf: (key: string) => number | undefined): PairTable {
  const table = new PairTable();
  ranked.forEach(({ id, bytes }, rank) => {
    const key = byteKey(bytes);
    for (let s = 1; s < key.length; s++) {
      const left = idOf(key.slice(0, s));
      const right = left === undefined ? undefined : idOf(key.slice(s));
      if (left !== undefined && right !== undefined) table.add(left, right, rank, id);
    }
  });
  return table;
}

/**
 * The merge that makes each token under the ranks rule, as HuggingFace and minbpe files need it:
 * merge the token's bytes using only lower ranks (as tiktoken would); the last two parts are the
 * merge. Every token of cl100k_base and o200k_base ends in exactly two parts.
 */
export function deriveMerges(ranked: readonly { id: number; bytes: Uint8Array }[], byteIds: ArrayLike<number>, ranks: PairTable): Merge[] {
  return ranked.map(({ id, bytes }, rank) => {
    const parts = mergeByRank(Array.from(bytes, (b) => byteIds[b]), ranks, rank);
    if (parts.length !== 2) throw new Error(`token ${id} cannot be made from two lower-ranked tokens`);
    return { left: parts[0], right: parts[1], id, count: 0 };
  });
}

/** Encodes one chunk's byte ids, using only pairs ranked below `maxRank`. `ids` is consumed. */
export function mergeByRank(ids: number[], ranks: PairTable, maxRank = Infinity): number[] {
  const n = ids.length;
  if (n < 2) return ids;
  if (n <= 16) return mergeShort(ids, ranks, maxRank);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  // heap entries: rank * n + position, so the smallest is the lowest rank, then the leftmost
  const heap: number[] = [];
  const push = (i: number) => {
    const j = next[i];
    if (j < 0) return;
    const slot = ranks.find(ids[i], ids[j]);
    if (slot >= 0 && ranks.rank[slot] < maxRank) heapPush(heap, ranks.rank[slot] * n + i);
  };
  for (let i = 0; i + 1 < n; i++) push(i);
  while (heap.length > 0) {
    const top = heapPop(heap);
    const i = top % n;
    const rank = (top - i) / n;
    const j = next[i];
    if (ids[i] < 0 || j < 0) continue;
    const slot = ranks.find(ids[i], ids[j]);
    if (slot < 0 || ranks.rank[slot] !== rank) continue; // stale: the pair at i changed since it was pushed
    ids[i] = ranks.id[slot];
    ids[j] = -1;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    if (prev[i] >= 0) push(prev[i]);
    push(i);
  }
  return ids.filter((id) => id >= 0);
}

/** Short chunks: scan for the lowest-ranked pair each round (faster than a heap below ~16 symbols). */
function mergeShort(ids: number[], ranks: PairTable, maxRank: number): number[] {
  for (;;) {
    let best = -1;
    let bestRank = maxRank;
    let bestId = 0;
    for (let i = 0; i + 1 < ids.length; i++) {
      const slot = ranks.find(ids[i], ids[i + 1]);
      if (slot >= 0 && ranks.rank[slot] < bestRank) {
        best = i;
        bestRank = ranks.rank[slot];
        bestId = ranks.id[slot];
      }
    }
    if (best < 0) return ids;
    ids.splice(best, 2, bestId);
  }
}

function heapPush(heap: number[], v: number): void {
  let i = heap.length;
  heap.push(v);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= v) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap[c + 1] < heap[c]) c++;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}
