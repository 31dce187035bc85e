// Chunks seen before: their ids, so only new chunks are merged. Only ~217k of cl100k's 5.3M chunks
// in 26.6 MB of FineWeb are distinct, so lookups dominate, and cache misses dominate lookups.
//   small: chunks of 2..8 bytes that encode to 1 or 2 ids (~85% of FineWeb's chunks), key and value
//          in one 16-byte slot, so a hit costs one cache miss.
//   medium: the same for chunks of 9..16 bytes (a 32-byte slot: two key words and the value); words
//          of Cyrillic, Greek or long English words: ~2-5 cache misses in the big cache, 1 here.
//   big:   any other chunk of up to KEY_MAX bytes, in a ByteMap (bytes -> ids).
import { ByteMap } from "./bytemap";
import { hash64 } from "./grow";

export const KEY_MAX = 256; // longer chunks are not cached
const BIG_BYTES_MAX: u32 = 16 << 20; // the big cache is emptied when its keys hold more than this

// small[2s] = the chunk's bytes (little-endian, zero-padded), small[2s + 1] = length << 60 |
// count << 58 | id1 << 29 | id0 (0 = empty). The host leaves 8 bytes after the text, so reading
// 8 bytes at a chunk is safe.
const SMALL_SLOTS = 1 << 18;
const ID_BITS: u64 = 29;
const ID_MASK: u64 = (1 << 29) - 1;
let small = new StaticArray<u64>(0); // allocated by ready(): an engine that only trains never pays for 6 MB of caches
let smallCount = 0;
let big = new ByteMap(); // chunk bytes -> its ids

// medium[4s] and medium[4s + 1] = the chunk's bytes 0..8 and 8..16 (zero-padded), medium[4s + 2] =
// the value as in small (length 9..16, 16 kept as 0), medium[4s + 3] unused (slots stay in one 64-byte line).
const MEDIUM_SLOTS = 1 << 16;
let medium = new StaticArray<u64>(0);
let mediumCount = 0;

// where the chunk of the last findSmall() miss would go: its slot (-1: neither small nor medium) and key
let missSlot = -1;
let missKey: u64 = 0;
let missKey2: u64 = 0;

/** The small and medium caches allocated (zeroed) on the first use: before any lookup. */
export function ready(): void {
  if (small.length != 0) return;
  small = new StaticArray<u64>(SMALL_SLOTS << 1);
  medium = new StaticArray<u64>(MEDIUM_SLOTS << 2);
}

export function clear(): void {
  big.clear();
  if (small.length != 0) small.fill(0);
  smallCount = 0;
  if (medium.length != 0) medium.fill(0);
  mediumCount = 0;
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

/** The medium cache's slot for the key words k0, k1 (length len): where it is, or the empty slot where it would go. */
@inline function mediumSlot(k0: u64, k1: u64, len: i32): i32 {
  let s = <i32>hash64(k0 ^ (k1 * 0x2545f4914f6cdd1d) ^ <u64>len) & (MEDIUM_SLOTS - 1);
  let v = unchecked(medium[(s << 2) + 2]);
  while (v != 0 && (unchecked(medium[s << 2]) != k0 || unchecked(medium[(s << 2) + 1]) != k1 || <i32>(v >> 60) != (len & 15))) {
    s = (s + 1) & (MEDIUM_SLOTS - 1);
    v = unchecked(medium[(s << 2) + 2]);
  }
  return s;
}

/** The small and medium caches: write the ids of chunk ptr[0..len) (len >= 2) at dst and return how many, or -1. */
@inline export function findSmall(ptr: usize, len: i32, dst: usize): i32 {
  missSlot = -1;
  let v: u64 = 0;
  if (len <= 8) {
    const key = smallKey(ptr, len);
    const s = smallSlot(key, len);
    v = unchecked(small[(s << 1) + 1]);
    if (v == 0) {
      missSlot = s;
      missKey = key;
      return -1;
    }
  } else if (len <= 16) {
    const k0 = load<u64>(ptr);
    const k1 = smallKey(ptr + 8, len - 8); // reads 8 bytes at ptr + 8: within the host's 8 spare bytes
    const s = mediumSlot(k0, k1, len);
    v = unchecked(medium[(s << 2) + 2]);
    if (v == 0) {
      missSlot = s;
      missKey = k0;
      missKey2 = k1;
      return -1;
    }
  } else return -1;
  store<u32>(dst, <u32>(v & ID_MASK));
  if (((v >> 58) & 3) == 1) return 1;
  store<u32>(dst, <u32>((v >> ID_BITS) & ID_MASK), 4);
  return 2;
}

/** The big cache (chunks of up to KEY_MAX bytes, hash h): as findSmall. */
export function find(ptr: usize, len: i32, h: u32, dst: usize): i32 {
  if (len > KEY_MAX) return -1;
  const k = big.find(ptr, len, h);
  if (k < 0) return -1;
  const n = big.valueCount(k);
  memory.copy(dst, big.valuePtr(k), <usize>n << 2);
  return n;
}

/** Keeps the n ids at dst of the chunk ptr[0..len) (hash h) that the last lookups missed. */
export function keep(ptr: usize, len: i32, h: u32, dst: usize, n: i32): void {
  const id0 = <u64>load<u32>(dst);
  const id1 = n == 2 ? <u64>load<u32>(dst, 4) : 0;
  let s = missSlot;
  const value = (<u64>(len & 15) << 60) | (<u64>n << 58) | (id1 << ID_BITS) | id0;
  if (s >= 0 && n <= 2 && id0 <= ID_MASK && id1 <= ID_MASK && len <= 8) {
    if (smallCount >= SMALL_SLOTS >> 1) { // half full: start over (the slot found above is then stale)
      small.fill(0);
      smallCount = 0;
      s = smallSlot(missKey, len);
    }
    unchecked((small[s << 1] = missKey));
    unchecked((small[(s << 1) + 1] = value));
    smallCount++;
  } else if (s >= 0 && n <= 2 && id0 <= ID_MASK && id1 <= ID_MASK) {
    if (mediumCount >= MEDIUM_SLOTS >> 1) {
      medium.fill(0);
      mediumCount = 0;
      s = mediumSlot(missKey, missKey2, len);
    }
    unchecked((medium[s << 2] = missKey));
    unchecked((medium[(s << 2) + 1] = missKey2));
    unchecked((medium[(s << 2) + 2] = value));
    mediumCount++;
  } else if (len <= KEY_MAX) {
    if (big.keyBytes() > BIG_BYTES_MAX) big.clear();
    big.add(ptr, len, h, dst, n);
  }
}
