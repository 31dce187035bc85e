// The chunk table: every unique chunk once, with a 64-bit count.
// chunk i = bytes[start[i] .. start[i + 1]), count[i] = how often it was seen.
//
// Lookup is open addressing over 16-byte slots in raw memory:
//   [key: u64 | tag: 4 bits, chunk + 1: 28 bits (0 = empty) | pending: u32]
// A chunk of at most 8 bytes is its own key (its bytes as a little-endian word, zero-padded) and its
// tag is its length, so finding it reads one slot and compares two numbers; a longer chunk's key is a
// 64-bit hash of its bytes (and length), its tag LONG, confirmed against the stored bytes. A probe
// costs one cache miss. `pending` counts the chunk's sightings in the slot itself (no second miss on
// count[]); settle() moves them into count[] before anything reads it (the boundary's tableCountPtr
// and trainInit, split, index), and a pending count about to wrap is moved at once.
//
// Performance notes (Linux kernel source from bench/corpus.js, cl100k; shards 0-3: 137 MB, 38 M
// chunks of 3.6 bytes on average, 0.36 M unique; Node 24 on a loaded 2-core EPYC VM, A/B runs
// alternated, medians):
// - The old table (u32 slots -> chunk, a u32 hash per chunk, FNV-1a byte by byte, memory.compare)
//   touched slots, hashes, start, bytes and count for every sighting: on the whole corpus 43% of
//   counting, more than the scanner.
// - The key in a 16-byte slot (a short chunk compared as a word, no hashes/start/bytes loads) and
//   a word-at-a-time hash: table time -10..-30% (noisy). perf then put 55% of add() on the slot
//   load and 18% on the count load: cache misses, one after another.
// - addRun(): the scanner hands over 64 chunks at a time; their keys and first slots are computed
//   and the slots touched in a tight loop, then the chunks are found, their counts touched, then
//   counted, so the misses overlap. Scan + table on shards 0-3: 4.2 s -> 3.3 s CPU (the scan alone
//   ~1.3 s); the touch loop still holds half the table's samples (misses on rare chunks).
// - Load up to 3/4 instead of 1/2: time alike (the probes stay in one or two cache lines), half
//   the slot memory (16-byte slots: 21-43 bytes a chunk, against 12-24 before).
// - The count in the slot (pending, above) instead of count[] in the batch loop (whose touch and
//   count loops are gone), and each chunk's first slot kept from the touch loop instead of hashed
//   again: scan + table CPU, 5 alternated pairs in one process, shards 0-3 (0.36 M unique chunks)
//   1.45 -> 1.34 s (-7%); all 16 shards (1.53 GB, 1.04 M unique) 15.4 -> 14.8 s, ratio 0.90.
// - Callers read up to 7 bytes past a chunk (the word load); io keeps 8 spare bytes (io.reserve).
import { hashKey } from "./bytemap";
import { grow, maxItems } from "./grow";

export let bytes = new StaticArray<u8>(1 << 16);
export let start = new StaticArray<u32>(1024);
export let count = new StaticArray<u64>(1024); // chunk -> sightings; plus its slot's pending ones until settle()
export let size: i32 = 0; // number of unique chunks
let used: u32 = 0; // bytes in use

const SLOT: usize = 16;
const FIRST_SLOTS: u32 = 2048;
// 512 MiB of slots at most (the allocator's blocks stop at 1 GiB); at that size the load may rise
// to 15/16 and the table is full after: ~31 M unique chunks (the old u32 slots held ~67 M).
const MAX_SLOTS: u32 = 1 << 25;
let slotsAt: usize = newSlots(FIRST_SLOTS); // slot -> key, tag | chunk + 1, pending (raw memory, zeroed)
let slotMask: u32 = FIRST_SLOTS - 1;
let unsettled = false; // some slot holds a pending count

const CHUNK_BITS: u32 = 28; // chunk + 1 in the low bits of a slot's second word, the tag above
const CHUNK_MASK: u32 = (1 << CHUNK_BITS) - 1;
const LONG: u32 = 15; // the tag of a chunk of more than 8 bytes

/** A chunk's tag: its length up to 8 bytes, else LONG. */
@inline function tagOf(len: i32): u32 {
  return len <= 8 ? <u32>len : LONG;
}

// slot fields (the layout above)
@inline function keyAt(slot: usize): u64 {
  return load<u64>(slot);
}
@inline function entryAt(slot: usize): u32 {
  return load<u32>(slot, 8); // tag << CHUNK_BITS | chunk + 1; 0 = empty
}
@inline function pendingAt(slot: usize): u32 {
  return load<u32>(slot, 12);
}
@inline function setPending(slot: usize, n: u32): void {
  store<u32>(slot, n, 12);
}

export const ERR_TOO_BIG: i32 = -1;

function newSlots(n: u32): usize {
  const at = heap.alloc(<usize>n * SLOT);
  memory.fill(at, 0, <usize>n * SLOT);
  return at;
}

export function reset(): void {
  bytes = new StaticArray<u8>(1 << 16);
  start = new StaticArray<u32>(1024);
  count = new StaticArray<u64>(1024);
  heap.free(slotsAt);
  slotsAt = newSlots(FIRST_SLOTS);
  slotMask = FIRST_SLOTS - 1;
  size = 0;
  used = 0;
  unsettled = false;
  splitParts = 0; // chunk numbers start over: no part is known
  splitDone = 0;
}

/** The low `len` (0..8) bytes of a word read at ptr, the rest zero. */
@inline function lowBytes(ptr: usize, len: i32): u64 {
  const w = load<u64>(ptr);
  return len >= 8 ? w : w & ((<u64>1 << (<u64>len << 3)) - 1);
}

/** A chunk's key: its bytes when it has at most 8, else a hash of them (word at a time). */
@inline function keyOf(ptr: usize, len: i32): u64 {
  if (len <= 8) return lowBytes(ptr, len);
  let h: u64 = <u64>len;
  let i = 0;
  for (; i + 8 <= len; i += 8) h = (rotl<u64>(h, 29) ^ load<u64>(ptr + <usize>i)) * 0x9e3779b97f4a7c15;
  if (i < len) h = (rotl<u64>(h, 29) ^ lowBytes(ptr + <usize>i, len - i)) * 0x9e3779b97f4a7c15;
  return h;
}

/** The first slot of a key and tag: every key bit reaches the low bits (two multiply-xorshift rounds). */
@inline function slotOf(key: u64, tag: u32): u32 {
  let x = (key ^ <u64>tag) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 31)) * 0x94d049bb133111eb;
  return <u32>(x ^ (x >> 32)) & slotMask;
}

/** Does chunk c hold the (more than 8) bytes at ptr[0..len)? */
function sameBytes(c: i32, ptr: usize, len: i32): bool {
  const from = unchecked(start[c]);
  if (<i32>(unchecked(start[c + 1]) - from) != len) return false;
  const at = changetype<usize>(bytes) + <usize>from;
  let i = 0;
  for (; i + 8 <= len; i += 8) if (load<u64>(at + <usize>i) != load<u64>(ptr + <usize>i)) return false;
  for (; i < len; i++) if (load<u8>(at + <usize>i) != load<u8>(ptr + <usize>i)) return false;
  return true;
}

/** Adds `n` sightings of the chunk at ptr[0..len); returns its index or ERR_TOO_BIG. */
export function add(ptr: usize, len: i32, n: u64): i32 {
  const key = keyOf(ptr, len);
  const slot = find(ptr, len, key, slotOf(key, tagOf(len)));
  if (slot == 0) return ERR_TOO_BIG;
  const c = <i32>(entryAt(slot) & CHUNK_MASK) - 1;
  unchecked((count[c] += n));
  return c;
}

/**
 * Adds `n` sightings of the chunk at ptr[0..len) if the table holds it (true); else adds nothing
 * (false): no insert, so the slots never grow (a merge's last table: its chunks not found here are new).
 */
export function addFound(ptr: usize, len: i32, n: u64): bool {
  const key = keyOf(ptr, len);
  const e = entryAt(probe(ptr, len, key, slotOf(key, tagOf(len))));
  if (e == 0) return false;
  unchecked((count[<i32>(e & CHUNK_MASK) - 1] += n));
  return true;
}

/** The slot holding the chunk at ptr[0..len) with key `key` (first slot s), or the empty slot where it would go. */
@inline function probe(ptr: usize, len: i32, key: u64, s: u32): usize {
  const tag = tagOf(len);
  let at = slotsAt + (<usize>s << 4);
  for (let e = entryAt(at); e != 0; e = entryAt(at)) {
    if (keyAt(at) == key && e >> CHUNK_BITS == tag && (len <= 8 || sameBytes(<i32>(e & CHUNK_MASK) - 1, ptr, len))) return at;
    s = (s + 1) & slotMask;
    at = slotsAt + (<usize>s << 4);
  }
  return at;
}

/**
 * The slot of the chunk at ptr[0..len) with key `key` (first slot s), the chunk inserted (count 0)
 * if new; 0 when the table is full. The address holds until the next insert (a rehash moves slots).
 */
@inline function find(ptr: usize, len: i32, key: u64, s: u32): usize {
  const at = probe(ptr, len, key, s);
  return entryAt(at) != 0 ? at : insert(ptr, len, key, at);
}

/** Moves every slot's pending sightings into count[]: before anything reads count[]. */
export function settle(): void {
  if (!unsettled) return;
  const n = slotMask + 1;
  for (let i: u32 = 0; i < n; i++) {
    const slot = slotsAt + (<usize>i << 4);
    const p = pendingAt(slot);
    if (p == 0) continue;
    const c = <i32>(entryAt(slot) & CHUNK_MASK) - 1;
    unchecked((count[c] += p));
    setPending(slot, 0);
  }
  unsettled = false;
}

/** Chunks a batch holds at most (addRun): enough loads in flight to hide the misses, few enough to stay in L1. */
export const BATCH: i32 = 64;
const batchKeys = memory.data(BATCH << 3, 8); // chunk in batch -> key (u64)
const batchSlots = memory.data(BATCH << 2, 4); // chunk in batch -> its first slot (u32)
let warmth: u32 = 0; // keeps the touching loads alive

/**
 * Adds one sighting each of k consecutive chunks of the text at ptr: chunk j is
 * ptr[ends[j - 1] .. ends[j]) (ends: k i32, the first chunk starting at `from`). Returns 0 or
 * ERR_TOO_BIG. The first slots of the whole batch are touched before they are used, so their
 * cache misses overlap instead of coming one after another; the count is then the slot's own.
 */
export function addRun(ptr: usize, from: i32, ends: usize, k: i32): i32 {
  // 1. keys, and each key's first slot brought into cache
  let sum: u32 = 0;
  let s = from;
  for (let j = 0; j < k; j++) {
    const e = load<i32>(ends + (<usize>j << 2));
    const key = keyOf(ptr + <usize>s, e - s);
    const first = slotOf(key, tagOf(e - s));
    store<u64>(batchKeys + (<usize>j << 3), key);
    store<u32>(batchSlots + (<usize>j << 2), first);
    sum += entryAt(slotsAt + (<usize>first << 4));
    s = e;
  }
  warmth += sum;
  // 2. each chunk's slot (new chunks inserted), and a sighting more in it
  const mask = slotMask;
  s = from;
  for (let j = 0; j < k; j++) {
    const e = load<i32>(ends + (<usize>j << 2));
    const key = load<u64>(batchKeys + (<usize>j << 3));
    // a rehash during the batch (an insert) changed the slots: hash again
    const first = slotMask == mask ? load<u32>(batchSlots + (<usize>j << 2)) : slotOf(key, tagOf(e - s));
    const slot = find(ptr + <usize>s, e - s, key, first);
    if (slot == 0) return ERR_TOO_BIG;
    const p = pendingAt(slot);
    if (p == u32.MAX_VALUE) {
      unchecked((count[<i32>(entryAt(slot) & CHUNK_MASK) - 1] += p)); // about to wrap
      setPending(slot, 1);
    } else setPending(slot, p + 1);
    s = e;
  }
  unsettled = true;
  return 0;
}

/**
 * Adds `n` chunks with their counts (a table added to this one): counts u64 at cptr, lengths u32 at
 * lptr, the bytes back to back at bptr (tableAddBatch's layout). Returns 0 or ERR_TOO_BIG. As in
 * addRun the first slots of BATCH chunks at a time are touched before they are used, so the misses
 * overlap (kernel JSON Lines, 2 threads: the worker's 0.6 M chunks were added one miss after another
 * in ~110 ms at the end of counting, with this thread alone).
 */
export function addCounted(cptr: usize, lptr: usize, bptr: usize, n: i32): i32 {
  let at = bptr;
  for (let i0 = 0; i0 < n; i0 += BATCH) {
    const k = min(BATCH, n - i0);
    let sum: u32 = 0;
    let p = at;
    for (let j = 0; j < k; j++) {
      const len = <i32>load<u32>(lptr + (<usize>(i0 + j) << 2));
      const key = keyOf(p, len);
      const first = slotOf(key, tagOf(len));
      store<u64>(batchKeys + (<usize>j << 3), key);
      store<u32>(batchSlots + (<usize>j << 2), first);
      sum += entryAt(slotsAt + (<usize>first << 4));
      p += <usize>len;
    }
    warmth += sum;
    const mask = slotMask;
    for (let j = 0; j < k; j++) {
      const len = <i32>load<u32>(lptr + (<usize>(i0 + j) << 2));
      const key = load<u64>(batchKeys + (<usize>j << 3));
      const first = slotMask == mask ? load<u32>(batchSlots + (<usize>j << 2)) : slotOf(key, tagOf(len)); // a rehash moved the slots
      const slot = find(at, len, key, first);
      if (slot == 0) return ERR_TOO_BIG;
      unchecked((count[<i32>(entryAt(slot) & CHUNK_MASK) - 1] += load<u64>(cptr + (<usize>(i0 + j) << 3))));
      at += <usize>len;
    }
  }
  return 0;
}

/** A new chunk (count 0), placed in the empty slot at `slot`; returns its slot (moved if the slots grew), or 0: the table is full. */
function insert(ptr: usize, len: i32, key: u64, slot: usize): usize {
  if (<u64>used + <u64>len > <u64>maxItems<u8>() || size + 2 > maxItems<u64>()) return 0;
  if (<u64>size << 4 >= <u64>(slotMask + 1) * 15) return 0; // only at MAX_SLOTS: probes would grow long
  const c = size++;
  bytes = grow(bytes, <i32>used + len);
  memory.copy(changetype<usize>(bytes) + <usize>used, ptr, <usize>len);
  start = grow(start, size + 1);
  count = grow(count, size);
  unchecked((start[c] = used));
  used += <u32>len;
  unchecked((start[c + 1] = used));
  unchecked((count[c] = 0));
  store<u64>(slot, key);
  store<u32>(slot, (tagOf(len) << CHUNK_BITS) | <u32>(c + 1), 8);
  setPending(slot, 0);
  // load at most 3/4: linear probes stay in one or two cache lines
  if (<u64>size << 2 > <u64>slotMask * 3 && slotMask + 1 < MAX_SLOTS) {
    rehash();
    return slotOfChunk(key, len, c);
  }
  return slot;
}

/** The slot that holds chunk c (key `key`, length len). */
function slotOfChunk(key: u64, len: i32, c: i32): usize {
  const entry = (tagOf(len) << CHUNK_BITS) | <u32>(c + 1);
  let s = slotOf(key, tagOf(len));
  while (entryAt(slotsAt + (<usize>s << 4)) != entry) s = (s + 1) & slotMask;
  return slotsAt + (<usize>s << 4);
}

/** Doubles the slots. */
function rehash(): void {
  resize((slotMask + 1) << 1);
}

/**
 * Room for `chunks` more unique chunks holding `nbytes` more bytes, made at once (a merge of tables
 * whose sizes are known): no doubling and no rehash while they are added. Beyond the table's limits
 * it does nothing (add() then reports the table full as usual).
 */
export function reserve(chunks: i32, nbytes: u32): void {
  const want = <u64>size + <u64>chunks;
  if (chunks <= 0 || want + 2 > <u64>maxItems<u64>() || <u64>used + <u64>nbytes > <u64>maxItems<u8>()) return;
  bytes = grow(bytes, <i32>(used + nbytes));
  start = grow(start, <i32>want + 1);
  count = grow(count, <i32>want);
  let n = slotMask + 1;
  while (want << 2 > <u64>(n - 1) * 3 && n < MAX_SLOTS) n <<= 1;
  if (n > slotMask + 1) resize(n);
}

/** Moves the slots to a table of n (a power of two, larger) slots. */
function resize(n: u32): void {
  const old = slotsAt;
  const oldN = slotMask + 1;
  slotsAt = newSlots(n);
  slotMask = n - 1;
  for (let i: u32 = 0; i < oldN; i++) {
    const from = old + (<usize>i << 4);
    const entry = entryAt(from);
    if (entry == 0) continue;
    let s = slotOf(keyAt(from), entry >> CHUNK_BITS);
    while (entryAt(slotsAt + (<usize>s << 4)) != 0) s = (s + 1) & slotMask;
    memory.copy(slotsAt + (<usize>s << 4), from, SLOT);
  }
  heap.free(old);
}

export function totalBytes(): u32 {
  return used;
}

// --- Tables merged across workers (src/pipeline/table.ts) ---
// Each worker splits its table into parts by a hash of the chunk's bytes, the same function in every
// worker, so equal chunks always fall in the same part; worker j merges part j of every table; the
// merged parts hold distinct chunks, and the training thread appends them without a lookup.

let partOfChunk = new StaticArray<u16>(0); // chunk -> its part (split())
let partChunks = new StaticArray<u32>(0); // part -> chunks in it
let partBytes = new StaticArray<u32>(0); // part -> their bytes
let splitParts: u32 = 0;
let splitDone = 0; // chunks [0, splitDone) have their part (chunks are only ever appended)

/** The part (0..parts) of chunk c: a hash of its bytes (bytemap's, which reads none past them), independent of the table it is in. */
@inline function partOf(c: i32, parts: u32): u32 {
  const from = unchecked(start[c]);
  const h = hashKey(changetype<usize>(bytes) + <usize>from, <i32>(unchecked(start[c + 1]) - from));
  return <u32>((<u64>h * <u64>parts) >> 32);
}

/**
 * Assigns every chunk its part of `parts` (1..65536); partSize/partByteSize then tell each part's
 * size. Asked again with the same number of parts (after a merge), only the chunks added since are hashed.
 */
export function split(parts: u32): void {
  settle(); // exportPart reads count[]
  if (parts != splitParts) {
    splitParts = parts;
    splitDone = 0;
    partChunks = new StaticArray<u32>(parts);
    partBytes = new StaticArray<u32>(parts);
  }
  partOfChunk = grow(partOfChunk, size);
  for (let c = splitDone; c < size; c++) {
    const p = partOf(c, parts);
    unchecked((partOfChunk[c] = <u16>p));
    unchecked((partChunks[p] += 1));
    unchecked((partBytes[p] += unchecked(start[c + 1]) - unchecked(start[c])));
  }
  splitDone = size;
}

export function partSize(part: u32): u32 {
  return part < splitParts ? unchecked(partChunks[part]) : 0;
}

export function partByteSize(part: u32): u32 {
  return part < splitParts ? unchecked(partBytes[part]) : 0;
}

/** Writes part `part` (after split) at `out` as a batch: n u64 counts, n u32 lengths, the bytes. */
export function exportPart(part: u32, out: usize): void {
  const n = <usize>partSize(part);
  let counts = out;
  let lengths = out + (n << 3);
  let to = lengths + (n << 2);
  for (let c = 0; c < size; c++) {
    if (<u32>unchecked(partOfChunk[c]) != part) continue;
    const from = unchecked(start[c]);
    const len = unchecked(start[c + 1]) - from;
    store<u64>(counts, unchecked(count[c]));
    store<u32>(lengths, len);
    memory.copy(to, changetype<usize>(bytes) + <usize>from, <usize>len);
    counts += 8;
    lengths += 4;
    to += <usize>len;
  }
}

