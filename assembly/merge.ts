// The merge loop. The chunk table is laid out as one u32 cell per position (cells.ts); per pair,
// positions.ts keeps the positions where it may start. A merge walks only its pair's positions,
// skips the stale ones, merges the rest, and sums the changes to the neighbouring pairs by the
// neighbour's id, applying them once per merge. Training costs O(corpus + positions touched), not
// O(corpus x merges). Merges come from a lazily invalidated heap.
//
// Performance notes. Corpus: the 1,000 documents (3.3 MB) of the FineWeb CC-MAIN-2024-10 sample,
// pattern none (one chunk each, count 1), vocab 4,096 (3,840 merges, 2.47 M merged occurrences),
// Node 20, a 2-core AMD EPYC VM whose speed drifts by ~30%: compare figures of one session only.
// - Before: sym/prev/next/occPrev/occNext/owner per position (24 bytes), an exact doubly linked
//   occurrence list per pair, a hash lookup per changed pair per merged occurrence: 1.26 s.
// - One cell per position instead: a token's neighbours come from token lengths and a back pointer
//   in the same cache line (or the next). Append-only position vectors checked on use replace the
//   linked lists. Every vector turned out sorted (a pair gets its positions from one merge, in that
//   merge's order), so a merge reads the cells in order. Changes to the neighbouring pairs are summed
//   per neighbour id and applied once per merge: one hash lookup per distinct neighbour (0.44 M in
//   all), not several per occurrence. Together: 1.26 -> 0.54 s.
// - Raw memory (load/store) for the hot tables instead of StaticArrays read from globals, each access
//   of which was spilled to the shadow stack: 0.54 -> 0.30 s.
// - perf then put 70% of the loop on the first cell load: misses that the CPU overlaps little, the
//   work per occurrence being long. warm() loads the next 32 positions' cells in a tight loop first:
//   -20% (batches of 16 to 128 alike; also touching the cells of the next token or the one before
//   gained nothing: dropped).
// - The new pairs are made in settle(), after the loop and after touching all their hash slots, so
//   those misses overlap as well; a hash slot holds its key (one miss a probe, not two) and the table
//   doubles in order: 0.36 -> 0.28 s. Touching the old pairs' counts first too gained nothing: dropped.
// - A position's chunk count took owner[i] then count[owner], two dependent misses (75% of the loop
//   on word chunks). Now: an index into the few distinct counts, warmed with the cells, and no table
//   at all when every count is the same (pattern none).
// - Pairs below minFrequency are not pushed until their count rises: the heap ends at 0.19 M entries,
//   not 0.44 M (time alike). Heap entries interleave count and key. Vectors of up to two positions
//   live in their header: -3% memory, time alike.
// - HuggingFace's design (per pair the chunks holding it, rescanned at each merge) on word chunks
//   (documents split on spaces, counted in a Map: 72 K chunks, 0.65 MB; 19 MB sample: 312 K, 3.0 MB):
//   73..76 / 421..690 ms, against 49 / 192 ms for position vectors. Dropped.
// Result (vitest, 3 runs, medians): WASM 1.26 s -> 0.29 s; the TS twin, same algorithm in plain JS,
// 2.00 -> 1.48 s. Word chunks: WASM 190 -> 60 ms, twin 298 -> 233 ms. Peak resident memory per
// position: 38 -> 27 bytes here, 31 -> 21 on the 19 MB sample, 35 -> 23 on its word chunks (4 for
// the cells, 4 for the first position vectors, 4 for the count index when counts differ, and per pair
// about 60 for its hash slots, header, count and vector).
import { grow, maxItems } from "./grow";
import * as boundary from "../src/boundary";
import * as table from "./table";
import * as pairmap from "./pairmap";
import * as positions from "./positions";
import * as heap from "./heap";
import * as vocab from "./vocab";
import { FIRST, ID, TAG, cell, lengthOf, layOut, setCell, setLength, sizeLengths, startBefore, tokensOf, touch, touchWeight, weightAt, weighted, zeroed } from "./cells";

// Per merge of (a, b) into newId, by the id of a neighbour: x in "x a b" (left) or y in "a b y" (right).
// sidesAt: id -> 64 bytes, its left side then its right side. A side, 32 bytes of raw memory:
//   [mark: i32 | pair: i32 | weight: u64 | vector: 16 bytes, a positions.ts header]
// mark = the merge step that last met the id on that side (-1: none yet); pair = the pair settle()
// gave the side to (-1: none, too long); weight = summed chunk counts; vector = where the new pair
// (x, newId) or (newId, y) starts. settle() then gives each vector to its pair and moves the weight
// from (x, a) to (x, newId), from (b, y) to (newId, y). Read and written only through the accessors below.
let sidesAt: usize = 0;
let sidesN: u32 = 0; // ids the sides have room for
const LEFT: usize = 0; // offset of the left side in an id's 64 bytes
const RIGHT: usize = 32;
const MARK: usize = 0; // offsets in a side
const PAIR: usize = 4;
const WEIGHT: usize = 8;
const VECTOR: usize = 16;
let metAt: usize = 0; // the ids met this merge (u32): lefts from the start up, rights from the end (2 sidesN) down
let leftsN: u32 = 0;
let rightsN: u32 = 0;

@inline function side(id: u32, which: usize): usize {
  if (!ASC_NO_ASSERT) assert(id < sidesN, "merge: id out of range");
  return sidesAt + (<usize>id << 6) + which;
}
@inline function markOf(s: usize): i32 {
  return load<i32>(s, MARK);
}
@inline function setMark(s: usize, m: i32): void {
  store<i32>(s, m, MARK);
}
@inline function pairOfSide(s: usize): i32 {
  return load<i32>(s, PAIR);
}
@inline function setPairOfSide(s: usize, q: i32): void {
  store<i32>(s, q, PAIR);
}
@inline function weightOf(s: usize): u64 {
  return load<u64>(s, WEIGHT);
}
@inline function setWeight(s: usize, w: u64): void {
  store<u64>(s, w, WEIGHT);
}
/** The header of the side's position vector (for positions.push/moveTo/clear). */
@inline function vectorOf(s: usize): usize {
  return s + VECTOR;
}

/** Notes that id x was met on the left (which = LEFT) or the right this merge. */
@inline function addMet(x: u32, which: usize): void {
  if (which == LEFT) store<u32>(metAt + (<usize>(leftsN++) << 2), x);
  else store<u32>(metAt + (<usize>(sidesN * 2 - ++rightsN) << 2), x);
}
/** The ids met on the left this merge: leftsN of them (u32 each), read with metId(). */
@inline function metLefts(): usize {
  return metAt;
}
/** The ids met on the right this merge: rightsN of them (u32 each; the latest met first). */
@inline function metRights(): usize {
  return metAt + (<usize>(sidesN * 2 - rightsN) << 2);
}
@inline function metId(list: usize, t: u32): u32 {
  return load<u32>(list + (<usize>t << 2));
}

// The inputs of init(), raw u32 arrays at the addresses the host gives:
// byteIds: 256 u32, the id of each byte; base (--extend): [ids: baseN u32 | lengths: baseN u32 |
// their bytes, back to back]; seeds: every chunk's ids under the base tokenizer, in table order (u32).
@inline function u32At(at: usize, k: usize): u32 {
  return load<u32>(at + (k << 2));
}
@inline function baseId(base: usize, k: i32): u32 {
  return u32At(base, <usize>k);
}
@inline function baseLength(base: usize, n: i32, k: i32): u32 {
  return u32At(base, <usize>(n + k));
}
@inline function baseBytes(base: usize, n: i32): usize {
  return base + (<usize>n << 3);
}

let step: i32 = 0; // merges made so far
let made: i32 = 0; // new tokens made so far (duplicates make none)
let maxNew: i32 = 0;
let minFrequency: u64 = 2;
let minCount: u64 = 2; // max(minFrequency, 1): a pair below this cannot be merged, so is never pushed
let newId: u32 = 0; // the id the current merge makes
let maxLength: u32 = 0; // --max-token-length (0: none): a new pair of this many bytes or more is never counted (as HF)

// The merges, in order: left, right, resulting id, count when chosen.
export let outLeft = new StaticArray<u32>(1024);
export let outRight = new StaticArray<u32>(1024);
export let outId = new StaticArray<u32>(1024);
export let outCount = new StaticArray<u64>(1024);

export const CONTINUE: i32 = boundary.STOP_MORE;
export const STOP_VOCAB: i32 = boundary.STOP_VOCAB;
export const STOP_MIN_FREQUENCY: i32 = boundary.STOP_MIN_FREQUENCY;
export const STOP_NO_PAIRS: i32 = boundary.STOP_NO_PAIRS;

/** Bytes of memory training needs per position at the start, before pairs and merges. */
export function bytesPerPosition(): i32 {
  return 12; // the cell, the position in its pair's vector, the chunk count's index (when counts differ)
}

/**
 * Lays out the chunk table's symbols and counts every pair. byteIds: 256 u32, the id of each byte.
 * maxLen: the max token length (0: none). base (0: none): a tokenizer's tokens to start from (--extend),
 * baseN of them as baseN u32 ids, baseN u32 lengths, then their bytes; seeds: every chunk's ids under
 * that tokenizer, in table order (u32 each).
 */
export function init(first: u32, byteIds: usize, newTokens: i32, minFreq: u64, maxLen: u32, base: usize, baseN: i32, seeds: usize): i32 {
  const n = table.totalBytes();
  if (n >= <u32>maxItems<u32>()) return table.ERR_TOO_BIG;
  vocab.reset(first, byteIds);
  heap.reset();
  positions.reset();
  pairmap.reset(1 << 16);
  step = 0;
  made = 0;
  maxNew = newTokens;
  minFrequency = minFreq;
  minCount = minFreq > 1 ? minFreq : 1;
  maxLength = maxLen;
  let ids = new StaticArray<u32>(256);
  for (let b = 0; b < 256; b++) unchecked((ids[b] = u32At(byteIds, b)));
  layOut(n, ids, first);
  sidesN = 0;
  sizeSides(first);
  if (base == 0) countPairs(ids);
  else {
    addBase(base, baseN);
    seed(seeds);
    countSeededPairs();
  }
  for (let p = 0; p < pairmap.size; p++) {
    if (unchecked(pairmap.counts[p]) >= minCount) heap.push(unchecked(pairmap.counts[p]), unchecked(pairmap.keys[p]));
  }
  return CONTINUE;
}

// countPairs() works chunk by chunk through calls that are not inlined: V8 runs a wasm function in
// its baseline compiler until it is called often enough, and init() is called once.
const seen = new StaticArray<u32>(65536); // byte pair (as load<u16> reads it: first | second << 8) -> positions
const weight = new StaticArray<u64>(65536); // byte pair -> summed chunk counts
const pairOf = new StaticArray<i32>(65536); // byte pair -> pair

/** Counts every byte pair, then gives each pair a vector of exactly the right size and fills it. */
function countPairs(ids: StaticArray<u32>): void {
  memory.fill(changetype<usize>(seen), 0, 65536 << 2);
  memory.fill(changetype<usize>(weight), 0, 65536 << 3);
  for (let c = 0; c < table.size; c++) countChunk(c, false);
  for (let bp = 0; bp < 65536; bp++) {
    if (unchecked(seen[bp]) == 0) continue;
    const p = pairmap.intern(pairmap.key(unchecked(ids[bp & 255]), unchecked(ids[bp >> 8])));
    unchecked((pairmap.counts[p] = unchecked(weight[bp])));
    positions.reserve(p, unchecked(seen[bp]));
    unchecked((pairOf[bp] = p));
  }
  for (let c = 0; c < table.size; c++) countChunk(c, true);
}

/** Counts the byte pairs of chunk c, or (fill) adds their positions to their pairs' vectors. */
function countChunk(c: i32, fill: bool): void {
  const src = changetype<usize>(table.bytes);
  const w = unchecked(table.count[c]);
  const s = unchecked(table.start[c]);
  const e = unchecked(table.start[c + 1]);
  if (fill) {
    for (let i = s; i + 1 < e; i++) positions.add(unchecked(pairOf[<i32>load<u16>(src + <usize>i)]), i);
  } else {
    for (let i = s; i + 1 < e; i++) {
      const bp = <i32>load<u16>(src + <usize>i);
      unchecked((seen[bp] += 1));
      unchecked((weight[bp] += w));
    }
  }
}

/** Registers the base tokens (ids, lengths, bytes at `base`) with the vocabulary and their lengths. */
function addBase(base: usize, n: i32): void {
  let at = baseBytes(base, n);
  for (let k = 0; k < n; k++) {
    const id = baseId(base, k);
    const len = baseLength(base, n, k);
    vocab.addBase(id, at, <i32>len);
    setLength(id, len);
    at += len;
  }
}

/** Lays every chunk out as its base ids (seeds: u32 each, chunk after chunk) instead of its bytes. */
function seed(seeds: usize): void {
  let t: usize = 0;
  for (let c = 0; c < table.size; c++) {
    const s = unchecked(table.start[c]);
    const e = unchecked(table.start[c + 1]);
    for (let i = s; i < e; ) {
      const id = u32At(seeds, t++);
      const len = lengthOf(id);
      setCell(i, id | (i == s ? FIRST : 0));
      for (let j: u32 = 1; j < len; j++) setCell(i + j, TAG | i);
      i += len;
    }
  }
}

/** Counts every pair of adjacent tokens, as countPairs() does for bytes: counts, then exact vectors, then positions. */
function countSeededPairs(): void {
  let seenN = new StaticArray<u32>(1024); // pair -> positions
  for (let c = 0; c < table.size; c++) {
    const w = unchecked(table.count[c]);
    const e = unchecked(table.start[c + 1]);
    for (let i = unchecked(table.start[c]); ; ) {
      const x = cell(i) & ID;
      const next = i + lengthOf(x);
      if (next >= e) break;
      const p = pairmap.intern(pairmap.key(x, cell(next) & ID));
      seenN = grow(seenN, p + 1);
      unchecked((seenN[p] += 1));
      unchecked((pairmap.counts[p] += w));
      i = next;
    }
  }
  for (let p = 0; p < pairmap.size; p++) positions.reserve(p, unchecked(seenN[p]));
  for (let c = 0; c < table.size; c++) {
    const e = unchecked(table.start[c + 1]);
    for (let i = unchecked(table.start[c]); ; ) {
      const x = cell(i) & ID;
      const next = i + lengthOf(x);
      if (next >= e) break;
      positions.add(pairmap.find(pairmap.key(x, cell(next) & ID)), i);
      i = next;
    }
  }
}

/** Raises the number of new tokens wanted (several vocab sizes in one run: the smaller ones first). */
export function setNewTokens(n: i32): void {
  maxNew = n;
}

/** Room in the sides for ids below `bound` (between merges: the sides are reset). */
function sizeSides(bound: u32): void {
  if (bound <= sidesN) return;
  let cap: u32 = sidesN < 1024 ? 1024 : sidesN;
  while (cap < bound) cap <<= 1;
  sidesAt = zeroed(sidesAt, <usize>cap << 6);
  metAt = zeroed(metAt, <usize>cap << 3);
  sidesN = cap;
  for (let x: u32 = 0; x < cap; x++) {
    setMark(side(x, LEFT), -1);
    setMark(side(x, RIGHT), -1);
  }
}

/** Position `at` now starts pair (x, newId) (which = LEFT) or (newId, x) (RIGHT), in a chunk of weight w. */
@inline function meet(x: u32, which: usize, at: u32, w: u64): void {
  const s = side(x, which);
  if (markOf(s) != step) {
    setMark(s, step);
    setWeight(s, 0);
    addMet(x, which);
  }
  setWeight(s, weightOf(s) + w);
  positions.push(vectorOf(s), at);
}

/** Merges token a at position i with token b right after it (la, lb: their lengths) into newId. */
@inline function mergeAt(i: u32, la: u32, lb: u32): void {
  const c = cell(i);
  const j = i + la;
  const after = j + lb;
  const w = weightAt(i);
  if (!(c & FIRST)) {
    const before = startBefore(i);
    meet(cell(before) & ID, LEFT, before, w);
  }
  setCell(i, newId | (c & FIRST));
  setCell(j, TAG | i);
  setCell(after - 1, TAG | i); // the new token's last position points back to its start
  const y = cell(after);
  if (!(y & FIRST)) meet(y, RIGHT, i, w);
}

/** Merges every occurrence of pair p = (a, b), left to right within each chunk. */
function mergeAll(p: i32, a: u32, b: u32): void {
  leftsN = 0;
  rightsN = 0;
  const la = lengthOf(a);
  const lb = lengthOf(b);
  const at = positions.at(p); // stays valid: this loop adds positions to the sides' vectors only
  const n = positions.length(p);
  for (let k: u32 = 0; k < n; k++) {
    if ((k & (BATCH - 1)) == 0) warm(at, k, min(n - k, BATCH));
    let i = positions.entry(at, k);
    // Stale: the token at i is no longer a, or the one after it is no longer b (or is in the next chunk).
    if ((cell(i) & ~FIRST) != a || cell(i + la) != b) continue;
    if (a != b) {
      mergeAt(i, la, lb);
      continue;
    }
    // Overlapping (a, a): walk back to the start of this run of a's, then merge it left to right.
    while (!(cell(i) & FIRST)) {
      const before = startBefore(i);
      if ((cell(before) & ~FIRST) != a) break;
      i = before;
    }
    do {
      mergeAt(i, la, la);
      i += la << 1;
    } while (cell(i) == a && cell(i + la) == a);
  }
  positions.release(p);
  settle(p, a, b);
}

// Most cell loads of a merge miss the cache, and the work per occurrence is long enough that the CPU
// overlaps few of them. warm() reads the cells of the next BATCH positions in a tight loop first, so
// their misses overlap, and the merges find them in cache. (wasm has no prefetch instruction.)
const BATCH: u32 = 32;
let warmth: u32 = 0; // keeps warm()'s loads alive

/** Touches the cells (and chunk counts) of positions from..from+count-1 of the vector at `at`. */
function warm(at: usize, from: u32, count: u32): void {
  let sum: u32 = 0;
  const end = from + count;
  for (let k = from; k < end; k++) sum += touch(positions.entry(at, k));
  if (weighted()) for (let k = from; k < end; k++) sum += touchWeight(positions.entry(at, k));
  warmth += sum;
}

/** Gives the new pairs their positions and weights, takes the weights from the old ones, pushes the new. */
function settle(p: i32, a: u32, b: u32): void {
  const lefts = metLefts();
  const rights = metRights();
  // Each pair below costs a hash probe that misses the cache: touch them all first, so the misses overlap.
  let sum: u64 = 0;
  for (let t: u32 = 0; t < leftsN; t++) {
    const x = metId(lefts, t);
    sum += pairmap.touch(pairmap.key(x, newId)) + pairmap.touch(pairmap.key(x, a));
  }
  for (let t: u32 = 0; t < rightsN; t++) {
    const y = metId(rights, t);
    sum += pairmap.touch(pairmap.key(newId, y)) + pairmap.touch(pairmap.key(b, y));
  }
  warmth += <u32>sum;
  // Rises first, so that no count passes below zero on the way (pair (newId, a) can rise and fall).
  for (let t: u32 = 0; t < leftsN; t++) {
    const x = metId(lefts, t);
    if (tooLong(x)) drop(side(x, LEFT));
    else adopt(side(x, LEFT), pairmap.intern(pairmap.key(x, newId)));
  }
  for (let t: u32 = 0; t < rightsN; t++) {
    const y = metId(rights, t);
    if (tooLong(y)) drop(side(y, RIGHT));
    else adopt(side(y, RIGHT), pairmap.intern(pairmap.key(newId, y)));
  }
  // A pair that was too long to count (max token length) has no entry: nothing to take from.
  for (let t: u32 = 0; t < leftsN; t++) {
    const x = metId(lefts, t);
    const q = pairmap.find(pairmap.key(x, a));
    if (q >= 0) unchecked((pairmap.counts[q] -= weightOf(side(x, LEFT))));
  }
  for (let t: u32 = 0; t < rightsN; t++) {
    const y = metId(rights, t);
    const q = pairmap.find(pairmap.key(b, y));
    if (q >= 0) unchecked((pairmap.counts[q] -= weightOf(side(y, RIGHT))));
  }
  unchecked((pairmap.counts[p] = 0)); // every occurrence of (a, b) is gone
  for (let t: u32 = 0; t < leftsN; t++) raise(pairOfSide(side(metId(lefts, t), LEFT)));
  for (let t: u32 = 0; t < rightsN; t++) raise(pairOfSide(side(metId(rights, t), RIGHT)));
}

/** Would the new token next to neighbour x reach the max token length? (HF: len(x) + len(new) >= max is never counted.) */
@inline function tooLong(x: u32): bool {
  return maxLength != 0 && lengthOf(x) + lengthOf(newId) >= maxLength;
}

/** Side s makes no pair: its positions are dropped. */
@inline function drop(s: usize): void {
  positions.clear(vectorOf(s));
  setPairOfSide(s, -1);
}

/** Side s belongs to pair q: q gets its positions and its weight. */
@inline function adopt(s: usize, q: i32): void {
  positions.ensure(pairmap.size);
  positions.moveTo(q, vectorOf(s));
  setPairOfSide(s, q);
  unchecked((pairmap.counts[q] += weightOf(s)));
}

/** Pushes pair q's count, once per merge (q = -1: a side that made no pair). */
@inline function raise(q: i32): void {
  if (q < 0) return;
  const c = unchecked(pairmap.counts[q]);
  if (c >= minCount && unchecked(pairmap.marks[q]) != step) {
    unchecked((pairmap.marks[q] = step));
    heap.push(c, unchecked(pairmap.keys[q]));
  }
}

/** Is some pair left (below minCount, as the heap is empty)? */
function anyLeft(): bool {
  for (let p = 0; p < pairmap.size; p++) if (unchecked(pairmap.counts[p]) > 0) return true;
  return false;
}

/** Makes up to `max` merges; returns CONTINUE or why training stopped. */
export function run(max: i32): i32 {
  for (let done = 0; done < max; ) {
    if (made >= maxNew) return STOP_VOCAB;
    if (heap.size == 0) return anyLeft() ? STOP_MIN_FREQUENCY : STOP_NO_PAIRS;
    const k = heap.topKey();
    const p = pairmap.find(k);
    const live = unchecked(pairmap.counts[p]);
    if (heap.topCount() != live) {
      heap.pop();
      if (live >= minCount) heap.push(live, k);
      continue;
    }
    if (live < minFrequency) return STOP_MIN_FREQUENCY;
    heap.pop();
    const a = <u32>(k >> 32);
    const b = <u32>k;
    newId = vocab.idFor(a, b);
    if (vocab.isNew) made++;
    const bound = vocab.first + <u32>made; // every id in use is below this
    sizeLengths(bound);
    sizeSides(bound);
    setLength(newId, lengthOf(a) + lengthOf(b));
    record(a, b, newId, live);
    mergeAll(p, a, b);
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
  return tokensOf(c, out);
}

/** Tokens in the whole corpus now: the sum over chunks of count x current length. */
export function tokenCount(): u64 {
  let total: u64 = 0;
  for (let c = 0; c < table.size; c++) total += <u64>tokensOf(c, 0) * unchecked(table.count[c]);
  return total;
}
