// The merge loop. Every chunk's symbols sit in one array, chained into a list per chunk (prev/next)
// and, per pair, into a list of the positions where that pair starts (occPrev/occNext). A merge walks
// only its pair's list and touches only the neighbours of each merged occurrence, so training costs
// O(corpus + positions touched), not O(corpus x merges). Merges come from a lazily invalidated heap.
//
// Performance notes:
// - One position belongs to exactly one occurrence list (the pair starting there), so the lists are
//   exact and need no validation; unlinking is O(1).
// - Pair (a, a) is merged run by run: from any occurrence we walk back to the start of its run of a's
//   and merge left to right, so overlapping pairs need no sorting of positions.
// - Position -> pair index is found by hashing (left, right) rather than stored: saves 4 bytes a
//   position of the 24 we keep, for one extra lookup per unlink.
import { grow, maxItems } from "./grow";
import * as table from "./table";
import * as pairs from "./pairmap";
import * as heap from "./heap";
import * as vocab from "./vocab";

const DEAD: u32 = 0xffffffff; // a position merged into its left neighbour

let sym = new StaticArray<u32>(0); // position -> token id
let prev = new StaticArray<i32>(0); // position -> previous live position in its chunk, -1 at the start
let next = new StaticArray<i32>(0); // position -> next live position in its chunk, -1 at the end
let occPrev = new StaticArray<i32>(0); // position -> previous position where the same pair starts
let occNext = new StaticArray<i32>(0); // position -> next position where the same pair starts
let owner = new StaticArray<u32>(0); // position -> chunk
let touched = new StaticArray<i32>(256); // pairs whose count rose during the current merge
let touchedN: i32 = 0;
let step: i32 = 0; // merges made so far
let made: i32 = 0; // new tokens made so far (duplicates make none)
let maxNew: i32 = 0;
let minFrequency: u64 = 2;

// The merges, in order: left, right, resulting id, count when chosen.
export let outLeft = new StaticArray<u32>(1024);
export let outRight = new StaticArray<u32>(1024);
export let outId = new StaticArray<u32>(1024);
export let outCount = new StaticArray<u64>(1024);

export const CONTINUE: i32 = 0;
export const STOP_VOCAB: i32 = 1;
export const STOP_MIN_FREQUENCY: i32 = 2;
export const STOP_NO_PAIRS: i32 = 3;
export const ERR_TOO_BIG: i32 = -1;

/** Bytes of memory training needs for `positions` symbols, before pairs and merges. */
export function bytesPerPosition(): i32 {
  return 24;
}

/** Lays out the chunk table's symbols and counts every pair. byteIds: 256 u32, the id of each byte. */
export function init(first: u32, byteIds: usize, newTokens: i32, minFreq: u64): i32 {
  const n = <i32>table.totalBytes();
  if (n > maxItems<u32>()) return ERR_TOO_BIG;
  vocab.reset(first, byteIds);
  heap.reset();
  sym = new StaticArray<u32>(n);
  prev = new StaticArray<i32>(n);
  next = new StaticArray<i32>(n);
  occPrev = new StaticArray<i32>(n);
  occNext = new StaticArray<i32>(n);
  owner = new StaticArray<u32>(n);
  step = 0;
  made = 0;
  maxNew = newTokens;
  minFrequency = minFreq;
  const src = changetype<usize>(table.bytes);
  let ids = new StaticArray<u32>(256);
  for (let b = 0; b < 256; b++) unchecked((ids[b] = load<u32>(byteIds + (<usize>b << 2))));
  for (let c = 0; c < table.size; c++) {
    const s = <i32>unchecked(table.start[c]);
    const e = <i32>unchecked(table.start[c + 1]);
    for (let i = s; i < e; i++) {
      unchecked((sym[i] = ids[load<u8>(src + <usize>i)]));
      unchecked((prev[i] = i == s ? -1 : i - 1));
      unchecked((next[i] = i + 1 == e ? -1 : i + 1));
      unchecked((owner[i] = c));
    }
  }
  pairs.reset(n < 1 << 20 ? n : 1 << 20);
  for (let c = 0; c < table.size; c++) {
    const w = unchecked(table.count[c]);
    const e = <i32>unchecked(table.start[c + 1]) - 1;
    for (let i = <i32>unchecked(table.start[c]); i < e; i++) {
      link(i, pairs.intern(pairs.key(unchecked(sym[i]), unchecked(sym[i + 1]))), w);
    }
  }
  for (let p = 0; p < pairs.size; p++) heap.push(unchecked(pairs.counts[p]), unchecked(pairs.keys[p]));
  return CONTINUE;
}

/** Adds position i to pair p's list and w to its count. */
@inline function link(i: i32, p: i32, w: u64): void {
  const h = unchecked(pairs.heads[p]);
  unchecked((occPrev[i] = -1));
  unchecked((occNext[i] = h));
  if (h >= 0) unchecked((occPrev[h] = i));
  unchecked((pairs.heads[p] = i));
  unchecked((pairs.counts[p] += w));
}

/** Removes position i from the list of the pair (left, right) that starts there, and w from its count. */
function unlink(i: i32, left: u32, right: u32, w: u64): void {
  const p = pairs.find(pairs.key(left, right));
  const op = unchecked(occPrev[i]);
  const on = unchecked(occNext[i]);
  if (op >= 0) unchecked((occNext[op] = on));
  else unchecked((pairs.heads[p] = on));
  if (on >= 0) unchecked((occPrev[on] = op));
  unchecked((pairs.counts[p] -= w));
}

/** A pair (left, right) now starts at position i: link it and remember that its count rose. */
function raise(i: i32, left: u32, right: u32, w: u64): void {
  const p = pairs.intern(pairs.key(left, right));
  link(i, p, w);
  if (unchecked(pairs.marks[p]) != step) {
    unchecked((pairs.marks[p] = step));
    touched = grow(touched, touchedN + 1);
    unchecked((touched[touchedN++] = p));
  }
}

/** Merges the pair (a, b) that starts at position i into `id`. */
function mergeAt(i: i32, a: u32, b: u32, id: u32): void {
  const j = unchecked(next[i]);
  const before = unchecked(prev[i]);
  const after = unchecked(next[j]);
  const w = unchecked(table.count[unchecked(owner[i])]);
  if (before >= 0) unlink(before, unchecked(sym[before]), a, w);
  unlink(i, a, b, w);
  if (after >= 0) unlink(j, b, unchecked(sym[after]), w);
  unchecked((sym[i] = id));
  unchecked((sym[j] = DEAD));
  unchecked((next[i] = after));
  if (after >= 0) unchecked((prev[after] = i));
  if (before >= 0) raise(before, unchecked(sym[before]), id, w);
  if (after >= 0) raise(i, id, unchecked(sym[after]), w);
}

/** Merges every occurrence of pair p = (a, b), left to right within each chunk. */
function mergeAll(p: i32, a: u32, b: u32, id: u32): void {
  touchedN = 0;
  if (a != b) {
    // Occurrences of (a, b) cannot overlap, so their order does not matter.
    while (unchecked(pairs.heads[p]) >= 0) mergeAt(unchecked(pairs.heads[p]), a, b, id);
  } else {
    while (unchecked(pairs.heads[p]) >= 0) {
      let s = unchecked(pairs.heads[p]);
      while (unchecked(prev[s]) >= 0 && unchecked(sym[unchecked(prev[s])]) == a) s = unchecked(prev[s]);
      while (s >= 0 && unchecked(sym[s]) == a && unchecked(next[s]) >= 0 && unchecked(sym[unchecked(next[s])]) == a) {
        mergeAt(s, a, b, id);
        s = unchecked(next[s]);
      }
    }
  }
  for (let t = 0; t < touchedN; t++) {
    const q = unchecked(touched[t]);
    const c = unchecked(pairs.counts[q]);
    if (c > 0) heap.push(c, unchecked(pairs.keys[q]));
  }
}

/** Makes up to `max` merges; returns CONTINUE or why training stopped. */
export function run(max: i32): i32 {
  for (let done = 0; done < max; ) {
    if (made >= maxNew) return STOP_VOCAB;
    if (heap.size == 0) return STOP_NO_PAIRS;
    const k = heap.topKey();
    const p = pairs.find(k);
    const live = unchecked(pairs.counts[p]);
    if (heap.topCount() != live) {
      heap.pop();
      if (live > 0) heap.push(live, k);
      continue;
    }
    if (live < minFrequency) return STOP_MIN_FREQUENCY;
    heap.pop();
    const a = <u32>(k >> 32);
    const b = <u32>k;
    const id = vocab.idFor(a, b);
    if (vocab.isNew) made++;
    record(a, b, id, live);
    mergeAll(p, a, b, id);
    done++;
  }
  return CONTINUE;
}

function record(a: u32, b: u32, id: u32, c: u64): void {
  const k = step++;
  outLeft = grow(outLeft, step);
  outRight = grow(outRight, step);
  outId = grow(outId, step);
  outCount = grow(outCount, step);
  unchecked((outLeft[k] = a));
  unchecked((outRight[k] = b));
  unchecked((outId[k] = id));
  unchecked((outCount[k] = c));
}

export function merges(): i32 {
  return step;
}

/** Writes chunk c's current ids at out (u32 each); returns how many. */
export function chunkIds(c: i32, out: usize): i32 {
  const s = <i32>unchecked(table.start[c]);
  if (s == <i32>unchecked(table.start[c + 1])) return 0;
  let n = 0;
  for (let i = s; i >= 0; i = unchecked(next[i])) {
    store<u32>(out + (<usize>n << 2), unchecked(sym[i]));
    n++;
  }
  return n;
}

/** Tokens in the whole corpus now: the sum over chunks of count x current length. */
export function tokenCount(): u64 {
  let total: u64 = 0;
  for (let c = 0; c < table.size; c++) {
    const s = <i32>unchecked(table.start[c]);
    if (s == <i32>unchecked(table.start[c + 1])) continue;
    let n: u64 = 0;
    for (let i = s; i >= 0; i = unchecked(next[i])) n++;
    total += n * unchecked(table.count[c]);
  }
  return total;
}
