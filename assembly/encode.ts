// The rank-based BPE encoder, as tiktoken's byte_pair_merge: inside one chunk, repeatedly merge the
// adjacent pair with the lowest rank, the leftmost on ties, until no pair has a rank.
//
// Two rules decide which pairs have a rank (src/tokenizer.ts says when each applies):
//   merges: only the listed merges, rank = the merge's position (minbpe, HuggingFace, trained here);
//   ranks:  any two adjacent tokens whose bytes together are a token, ranked by that token (tiktoken).
//           Both become one pair table: every split of every token into two tokens is a pair.
//           And as tiktoken does, a chunk whose bytes are a token is that token, merges or not.
//
// The host pre-tokenizes and sends a whole batch of documents at once (see run()); chunks seen
// before come from a cache, so only new chunks are merged.
//
// Performance notes (26.6 MB of FineWeb, cold cache, one thread; see bench/encode.js):
// - Short chunks (almost all) are merged tiktoken's way, by scanning an array of pair ranks: no
//   allocation, and faster than a heap below ~64 bytes. Long chunks (1 MB of one letter is one
//   cl100k chunk) use a min-heap over a linked list: O(n log n), not O(n^2).
// - Only ~217k of cl100k's 5.3M chunks are distinct, so lookups dominate, and cache misses dominate
//   lookups. Tried and kept: the small cache (chunks of 2..8 bytes with 1-2 ids, key and value in
//   one 16-byte slot), the hash kept in ByteMap's slot, pair keys beside their values. Together
//   cl100k went from ~28 to ~40 MB/s (a profile had ByteMap.find at 39% before, 20% after).
// - o200k has a scanner now too (the JS regex took ~38% of the time, at ~50 MB/s alone). Scanning
//   chunk by chunk (scan.chunkEnd) instead of into a length array, and sending long documents a
//   megabyte at a time, removed the big allocations that the profile showed as 25% in __new
//   (20 MB of man pages + FineWeb, o200k). 100 MB of multilingual text, whole process, CPU seconds,
//   medians of 3 alternating runs: cl100k 10.7 s vs Python tiktoken 25.6 s (2.4x); o200k 11.8 s vs
//   24.0 s (2.0x), of which ~1.9 s is loading the 200k-token vocabulary (JS parse + token/pair
//   tables here). Profile now: ByteMap.find (cache and whole-token lookups) and mergeShort lead.
import { ByteMap } from "./bytemap";
import { grow, hash64, hashBytes } from "./grow";
import * as boundary from "../src/boundary";
import * as scan from "./scan";

export const RULE_MERGES = 0;
export const RULE_RANKS = 1;
const NONE: u64 = u64.MAX_VALUE; // no pair here / empty slot
const SHORT = 64; // chunks up to this many bytes use the scanning merge
const CACHE_KEY_MAX = 256; // longer chunks are not cached
const CACHE_BYTES_MAX: u32 = 16 << 20; // the cache is emptied when its keys hold more than this

let rule = RULE_MERGES;
let byteIds = new StaticArray<u32>(256);
let maxTokenLength = 0;

// pair table, open addressing: pairs[2s] = key left << 32 | right, pairs[2s + 1] = rank << 32 | id
// (so comparing values compares ranks). Key and value side by side: one cache miss per probe.
let pairs = new StaticArray<u64>(0);
let pairMask = 0; // slots - 1
let pairCount = 0;
let mergesAdded: u32 = 0; // merges rule: the rank of the next merge

let tokens = new ByteMap(); // ranks rule: token bytes -> id (two bytes or more); entry number = rank
let cache = new ByteMap(); // chunk bytes -> its ids

// The small cache: chunks of 2..8 bytes that encode to 1 or 2 ids (~85% of FineWeb's chunks), with
// key and value in one 16-byte slot, so a hit costs one cache miss. small[2s] = the chunk's bytes
// (little-endian, zero-padded), small[2s + 1] = length << 60 | count << 58 | id1 << 29 | id0
// (0 = empty). The host leaves 8 bytes after the text, so reading 8 bytes at a chunk is safe.
const SMALL_SLOTS = 1 << 18;
let small = new StaticArray<u64>(SMALL_SLOTS << 1);
let smallCount = 0;
const ID_BITS: u64 = 29;
const ID_MASK: u64 = (1 << 29) - 1;

export let out = new StaticArray<u32>(1 << 12); // ids of the last run
export let outLength = 0;
export let docEnds = new StaticArray<u32>(64); // the end of each document's ids in `out`
export let docCount = 0;

/** Starts a new vocabulary. byteIdsPtr: 256 u32, the id of each byte. */
export function reset(newRule: i32, byteIdsPtr: usize): void {
  rule = newRule;
  for (let b = 0; b < 256; b++) unchecked((byteIds[b] = load<u32>(byteIdsPtr + (<usize>b << 2))));
  maxTokenLength = 1;
  pairs = new StaticArray<u64>(2048).fill(NONE);
  pairMask = 1023;
  pairCount = 0;
  mergesAdded = 0;
  tokens = new ByteMap();
  cache = new ByteMap();
  clearCache();
}

// --- the pair table ---

@inline function pairSlot(key: u64): i32 {
  return <i32>hash64(key) & pairMask;
}

/** rank << 32 | id of the pair (a, b), or NONE. */
@inline function pairValue(a: u32, b: u32): u64 {
  const key = (<u64>a << 32) | <u64>b;
  let s = pairSlot(key);
  let k = unchecked(pairs[s << 1]);
  while (k != key && k != NONE) {
    s = (s + 1) & pairMask;
    k = unchecked(pairs[s << 1]);
  }
  return k == NONE ? NONE : unchecked(pairs[(s << 1) + 1]);
}

/** Adds pair (a, b) unless present (the first, lowest rank, wins). */
function addPair(a: u32, b: u32, rank: u32, id: u32): void {
  if ((pairCount + 1) << 1 > pairMask + 1) growPairs();
  const key = (<u64>a << 32) | <u64>b;
  let s = pairSlot(key);
  for (let k = unchecked(pairs[s << 1]); k != NONE; k = unchecked(pairs[s << 1])) {
    if (k == key) return;
    s = (s + 1) & pairMask;
  }
  unchecked((pairs[s << 1] = key));
  unchecked((pairs[(s << 1) + 1] = (<u64>rank << 32) | <u64>id));
  pairCount++;
}

function growPairs(): void {
  const old = pairs;
  pairs = new StaticArray<u64>(old.length << 1).fill(NONE);
  pairMask = (pairs.length >> 1) - 1;
  for (let i = 0; i < old.length; i += 2) {
    const key = unchecked(old[i]);
    if (key == NONE) continue;
    let s = pairSlot(key);
    while (unchecked(pairs[s << 1]) != NONE) s = (s + 1) & pairMask;
    unchecked((pairs[s << 1] = key));
    unchecked((pairs[(s << 1) + 1] = unchecked(old[i + 1])));
  }
}

/** Merges rule: n merges at ptr, each (left, right, id) u32, in rank order (continuing earlier calls). */
export function addMerges(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = ptr + <usize>i * 12;
    addPair(load<u32>(at), load<u32>(at, 4), mergesAdded++, load<u32>(at, 8));
  }
}

/**
 * Ranks rule: n tokens of two bytes or more, in rank order (rank = position, counting earlier
 * calls). ptr holds n u32 ids, n u32 lengths, then the tokens' bytes back to back. Call
 * finishTokens() after the last batch.
 */
export function addTokens(ptr: usize, n: i32): void {
  let at = ptr + (<usize>n << 3);
  for (let i = 0; i < n; i++) {
    const id = load<u32>(ptr + (<usize>i << 2));
    const len = <i32>load<u32>(ptr + (<usize>(n + i) << 2));
    const h = hashBytes(at, len);
    if (tokens.find(at, len, h) < 0) tokens.add(at, len, h, ptr + (<usize>i << 2), 1); // entry = rank
    if (len > maxTokenLength) maxTokenLength = len;
    at += <usize>len;
  }
}

/** Ranks rule: every split of every token into two tokens becomes a pair. Returns the pair count. */
export function finishTokens(): i32 {
  for (let k = 0; k < tokens.size; k++) {
    const ptr = changetype<usize>(tokens.keys) + <usize>unchecked(tokens.keyStart[k]);
    const len = <i32>(unchecked(tokens.keyStart[k + 1]) - unchecked(tokens.keyStart[k]));
    const id = unchecked(tokens.vals[k]);
    for (let s = 1; s < len; s++) {
      const a = tokenAt(ptr, s);
      if (a < 0) continue;
      const b = tokenAt(ptr + <usize>s, len - s);
      if (b >= 0) addPair(<u32>a, <u32>b, <u32>k, id);
    }
  }
  return pairCount;
}

/** The id of the token ptr[0..len), or -1. */
function tokenAt(ptr: usize, len: i32): i64 {
  if (len == 1) return unchecked(byteIds[load<u8>(ptr)]);
  const k = tokens.find(ptr, len, hashBytes(ptr, len));
  return k < 0 ? -1 : <i64>unchecked(tokens.vals[k]);
}

// --- merging one chunk ---

let ids = new StaticArray<u32>(256); // the chunk's tokens, in order
let ranks = new StaticArray<u64>(256); // ranks[i] = pairValue(ids[i], ids[i + 1])

/** Writes the ids of chunk ptr[0..len) (len >= 2) at out[outLength..]; returns how many. */
function mergeShort(ptr: usize, len: i32): i32 {
  ids = grow(ids, len);
  ranks = grow(ranks, len);
  for (let i = 0; i < len; i++) unchecked((ids[i] = unchecked(byteIds[load<u8>(ptr + <usize>i)])));
  for (let i = 0; i + 1 < len; i++) unchecked((ranks[i] = pairValue(unchecked(ids[i]), unchecked(ids[i + 1]))));
  let n = len;
  for (;;) {
    let best = -1;
    let bestValue = NONE;
    for (let i = 0; i + 1 < n; i++) {
      const v = unchecked(ranks[i]);
      if (v < bestValue) { // strict: the leftmost of equal ranks
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) break;
    unchecked((ids[best] = <u32>bestValue));
    n--;
    for (let i = best + 1; i < n; i++) {
      unchecked((ids[i] = unchecked(ids[i + 1])));
      unchecked((ranks[i] = unchecked(ranks[i + 1])));
    }
    if (best > 0) unchecked((ranks[best - 1] = pairValue(unchecked(ids[best - 1]), unchecked(ids[best]))));
    if (best + 1 < n) unchecked((ranks[best] = pairValue(unchecked(ids[best]), unchecked(ids[best + 1]))));
  }
  memory.copy(changetype<usize>(out) + (<usize>outLength << 2), changetype<usize>(ids), <usize>n << 2);
  return n;
}

let next = new StaticArray<i32>(0); // long chunks: a linked list of live positions
let prev = new StaticArray<i32>(0);
let rankHeap = new StaticArray<u64>(0); // min-heap of rank << 32 | position
let heapSize = 0;

/** As mergeShort, for long chunks: a heap of (rank, position) with lazy deletion of stale entries. */
function mergeLong(ptr: usize, len: i32): i32 {
  ids = grow(ids, len);
  next = grow(next, len);
  prev = grow(prev, len);
  rankHeap = grow(rankHeap, len);
  heapSize = 0;
  for (let i = 0; i < len; i++) {
    unchecked((ids[i] = unchecked(byteIds[load<u8>(ptr + <usize>i)])));
    unchecked((next[i] = i + 1 < len ? i + 1 : -1));
    unchecked((prev[i] = i - 1));
  }
  for (let i = 0; i + 1 < len; i++) pushPair(i);
  while (heapSize > 0) {
    const top = heapPop();
    const i = <i32>(top & 0xffffffff);
    const j = unchecked(next[i]);
    if (j < 0 || unchecked(ids[i]) == u32.MAX_VALUE) continue;
    const v = pairValue(unchecked(ids[i]), unchecked(ids[j]));
    if (v >> 32 != top >> 32) continue; // stale: the pair at i changed since it was pushed
    unchecked((ids[i] = <u32>v));
    unchecked((ids[j] = u32.MAX_VALUE));
    const k = unchecked(next[j]);
    unchecked((next[i] = k));
    if (k >= 0) unchecked((prev[k] = i));
    const p = unchecked(prev[i]);
    if (p >= 0) pushPair(p);
    pushPair(i);
  }
  let n = 0;
  const dst = changetype<usize>(out) + (<usize>outLength << 2);
  for (let i = 0; i >= 0; i = unchecked(next[i])) {
    store<u32>(dst + (<usize>n << 2), unchecked(ids[i]));
    n++;
  }
  return n;
}

@inline function pushPair(i: i32): void {
  const j = unchecked(next[i]);
  if (j < 0) return;
  const v = pairValue(unchecked(ids[i]), unchecked(ids[j]));
  if (v != NONE) heapPush((v & 0xffffffff00000000) | <u64>i);
}

function heapPush(v: u64): void {
  rankHeap = grow(rankHeap, heapSize + 1);
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pv = unchecked(rankHeap[parent]);
    if (pv <= v) break;
    unchecked((rankHeap[i] = pv));
    i = parent;
  }
  unchecked((rankHeap[i] = v));
}

function heapPop(): u64 {
  const top = unchecked(rankHeap[0]);
  const last = unchecked(rankHeap[--heapSize]);
  const n = heapSize;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && unchecked(rankHeap[c + 1]) < unchecked(rankHeap[c])) c++;
    if (unchecked(rankHeap[c]) >= last) break;
    unchecked((rankHeap[i] = unchecked(rankHeap[c])));
    i = c;
  }
  if (n > 0) unchecked((rankHeap[i] = last));
  return top;
}

// --- chunks and batches ---

@inline function emit(id: u32): void {
  out = grow(out, outLength + 1);
  unchecked((out[outLength++] = id));
}

@inline function smallKey(ptr: usize, len: i32): u64 {
  const bytes = load<u64>(ptr);
  return len == 8 ? bytes : bytes & ((<u64>1 << (<u64>len << 3)) - 1);
}

/** The small cache's slot for key (length len): where it is, or the empty slot where it would go. */
@inline function smallSlot(key: u64, len: i32): i32 {
  let s = <i32>hash64(key ^ <u64>len) & (SMALL_SLOTS - 1);
  let v = unchecked(small[(s << 1) + 1]);
  while (v != 0 && (unchecked(small[s << 1]) != key || <i32>(v >> 60) != len)) {
    s = (s + 1) & (SMALL_SLOTS - 1);
    v = unchecked(small[(s << 1) + 1]);
  }
  return s;
}

/** Appends the ids of chunk ptr[0..len). */
export function encodeChunk(ptr: usize, len: i32): void {
  if (len == 0) return;
  if (len == 1) {
    emit(unchecked(byteIds[load<u8>(ptr)]));
    return;
  }
  out = grow(out, outLength + len);
  let slot = -1;
  let key: u64 = 0;
  if (len <= 8) {
    key = smallKey(ptr, len);
    slot = smallSlot(key, len);
    const v = unchecked(small[(slot << 1) + 1]);
    if (v != 0) {
      unchecked((out[outLength++] = <u32>(v & ID_MASK)));
      if (((v >> 58) & 3) == 2) unchecked((out[outLength++] = <u32>((v >> ID_BITS) & ID_MASK)));
      return;
    }
  }
  const cached = len <= CACHE_KEY_MAX;
  const h = cached || (rule == RULE_RANKS && len <= maxTokenLength) ? hashBytes(ptr, len) : 0;
  if (cached) {
    const k = cache.find(ptr, len, h);
    if (k >= 0) {
      const n = cache.valueCount(k);
      memory.copy(changetype<usize>(out) + (<usize>outLength << 2), cache.valuePtr(k), <usize>n << 2);
      outLength += n;
      return;
    }
  }
  let n = 0;
  const whole = rule == RULE_RANKS && len <= maxTokenLength ? tokens.find(ptr, len, h) : -1;
  if (whole >= 0) {
    unchecked((out[outLength] = unchecked(tokens.vals[whole])));
    n = 1;
  } else n = len <= SHORT ? mergeShort(ptr, len) : mergeLong(ptr, len);
  const id0 = <u64>unchecked(out[outLength]);
  const id1 = n == 2 ? <u64>unchecked(out[outLength + 1]) : 0;
  if (slot >= 0 && n <= 2 && id0 <= ID_MASK && id1 <= ID_MASK) {
    if (smallCount >= SMALL_SLOTS >> 1) { // half full: start over (the slot found above is then stale)
      clearSmall();
      slot = smallSlot(key, len);
    }
    unchecked((small[slot << 1] = key));
    unchecked((small[(slot << 1) + 1] = (<u64>len << 60) | (<u64>n << 58) | (id1 << ID_BITS) | id0));
    smallCount++;
  } else if (cached) {
    if (cache.keyBytes() > CACHE_BYTES_MAX) cache.clear();
    cache.add(ptr, len, h, changetype<usize>(out) + (<usize>outLength << 2), n);
  }
  outLength += n;
}

function clearSmall(): void {
  small.fill(0);
  smallCount = 0;
}

/** Bytes taken by the next `units` UTF-16 code units of the UTF-8 text at ptr (4-byte sequences are 2 units). */
function utf8Length(ptr: usize, units: i32): i32 {
  let p = ptr;
  while (units > 0) {
    const b = load<u8>(p);
    if (b < 0x80) p += 1;
    else if (b < 0xe0) p += 2;
    else if (b < 0xf0) p += 3;
    else {
      p += 4;
      units--;
    }
    units--;
  }
  return <i32>(p - ptr);
}

// A mark is one u32: its kind in the top three bits, a number n below.
// mark kinds: see src/boundary.ts
const CHUNK_UNITS: u32 = boundary.MARK_CHUNK_UNITS;
const CHUNK_BYTES: u32 = boundary.MARK_CHUNK_BYTES;
const TOKEN: u32 = boundary.MARK_TOKEN;
const SKIP_UNITS: u32 = boundary.MARK_SKIP_UNITS;
const DOC_END: u32 = boundary.MARK_DOC_END;
const SCAN_UNITS: u32 = boundary.MARK_SCAN_UNITS;
const SCAN_BYTES: u32 = boundary.MARK_SCAN_BYTES;
export const MAX_MARK: u32 = (1 << 29) - 1;

let scanner = 0; // scan.CL100K, scan.GPT2, scan.O200K, or 0

/** Which of scan.ts's pre-tokenizers SCAN marks use (its class table must be loaded). */
export function setScanner(pattern: i32): void {
  scanner = pattern;
}

/** Pre-tokenizes ptr[0..len) with the scanner and encodes each chunk as it is cut (no length array). */
function scanAndEncode(ptr: usize, len: i32): void {
  const pattern = scanner;
  scan.begin(ptr, len);
  for (let i = 0; i < len; ) {
    const e = scan.chunkEnd(i, pattern);
    encodeChunk(ptr + <usize>i, e - i);
    i = e;
  }
}

/** Encodes a batch: `n` marks at marksPtr walk the UTF-8 text at textPtr. Returns the ids written. */
export function run(marksPtr: usize, n: i32, textPtr: usize): i32 {
  outLength = 0;
  docCount = 0;
  let at = textPtr;
  for (let k = 0; k < n; k++) {
    const mark = load<u32>(marksPtr + (<usize>k << 2));
    const kind = mark >>> 29;
    const v = mark & MAX_MARK;
    if (kind == CHUNK_BYTES) {
      encodeChunk(at, <i32>v);
      at += <usize>v;
    } else if (kind == CHUNK_UNITS) {
      const len = utf8Length(at, <i32>v);
      encodeChunk(at, len);
      at += <usize>len;
    } else if (kind == SCAN_BYTES) {
      scanAndEncode(at, <i32>v);
      at += <usize>v;
    } else if (kind == SCAN_UNITS) {
      const len = utf8Length(at, <i32>v);
      scanAndEncode(at, len);
      at += <usize>len;
    } else if (kind == TOKEN) emit(v);
    else if (kind == DOC_END) {
      docEnds = grow(docEnds, docCount + 1);
      unchecked((docEnds[docCount++] = <u32>outLength));
    } else if (kind == SKIP_UNITS) at += <usize>utf8Length(at, <i32>v);
  }
  return outLength;
}

export function clearCache(): void {
  cache.clear();
  clearSmall();
}
