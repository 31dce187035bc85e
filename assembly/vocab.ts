// The bytes of every token, so that a merge whose bytes already exist reuses that id instead of
// adding a second token with the same bytes (as HuggingFace does).
// Ids below `first` are the 256 single bytes, the base tokens of a tokenizer being extended (--extend)
// and, with ids "hf", special tokens (neither bytes nor tokens here). Merges make ids first, first + 1, ...
// Stored tokens k = 0, 1, ...: the base tokens first (baseN of them), then the tokens merges made.
import { grow, hashBytes } from "./grow";

export let first: u32 = 256;
let byteOf = new StaticArray<i32>(256); // id < first -> its byte, -1 when the id is not a byte
let baseK = new StaticArray<i32>(256); // id < first -> its stored token k, -1 when it is not a base token
let baseIds = new StaticArray<u32>(16); // k < baseN -> its id
export let baseN: i32 = 0;
let start = new StaticArray<u32>(1024); // k -> start of its bytes; entry k + 1 ends token k
let bytes = new StaticArray<u8>(1 << 14);
let hashes = new StaticArray<u32>(1024);
let slots = new StaticArray<i32>(2048); // open addressing: slot -> k + 1
let stored: i32 = 0; // tokens stored: base + made
let scratch = new StaticArray<u8>(256);
export let isNew: bool = false; // did the last idFor() make a new token?

/** byteIds: pointer to 256 u32, the id of each byte. */
export function reset(firstId: u32, byteIds: usize): void {
  first = firstId;
  byteOf = new StaticArray<i32>(firstId);
  baseK = new StaticArray<i32>(firstId);
  for (let i: u32 = 0; i < firstId; i++) {
    unchecked((byteOf[i] = -1));
    unchecked((baseK[i] = -1));
  }
  for (let b = 0; b < 256; b++) unchecked((byteOf[load<u32>(byteIds + (<usize>b << 2))] = b));
  baseIds = new StaticArray<u32>(16);
  baseN = 0;
  start = new StaticArray<u32>(1024);
  bytes = new StaticArray<u8>(1 << 14);
  hashes = new StaticArray<u32>(1024);
  slots = new StaticArray<i32>(2048);
  stored = 0;
}

/** Adds base token `id` (below first, not a byte) with the bytes ptr[0..len); before any idFor(). */
export function addBase(id: u32, ptr: usize, len: i32): void {
  if (!ASC_NO_ASSERT) assert(id < first && stored == baseN, "vocab: base token out of order");
  const k = store_(ptr, len, slotFor(ptr, len, hashBytes(ptr, len)), hashBytes(ptr, len));
  baseIds = grow(baseIds, k + 1);
  unchecked((baseIds[k] = id));
  unchecked((baseK[id] = k));
  baseN = stored;
}

/** The stored token of id, or -1 for a byte. */
@inline function kOf(id: u32): i32 {
  return id < first ? unchecked(baseK[id]) : baseN + <i32>(id - first);
}

@inline function idOf(k: i32): u32 {
  return k < baseN ? unchecked(baseIds[k]) : first + <u32>(k - baseN);
}

export function lengthOf(id: u32): i32 {
  const k = kOf(id);
  if (k < 0) return 1;
  return <i32>(unchecked(start[k + 1]) - unchecked(start[k]));
}

/** Writes the bytes of `id` at scratch[at..]. */
function write(id: u32, at: i32): void {
  const dst = changetype<usize>(scratch) + <usize>at;
  const k = kOf(id);
  if (k < 0) {
    store<u8>(dst, <u8>unchecked(byteOf[id]));
    return;
  }
  const s = unchecked(start[k]);
  memory.copy(dst, changetype<usize>(bytes) + <usize>s, <usize>(unchecked(start[k + 1]) - s));
}

/** The slot holding the bytes ptr[0..len) (hash h), or the empty slot where they would go; found = the slot holds them. */
let found: bool = false;
function slotFor(ptr: usize, len: i32, h: u32): i32 {
  const mask = slots.length - 1;
  let s = <i32>h & mask;
  for (let t = unchecked(slots[s]); t != 0; t = unchecked(slots[s])) {
    const k = t - 1;
    const ks = unchecked(start[k]);
    if (unchecked(hashes[k]) == h && <i32>(unchecked(start[k + 1]) - ks) == len &&
        memory.compare(changetype<usize>(bytes) + <usize>ks, ptr, <usize>len) == 0) {
      found = true;
      return s;
    }
    s = (s + 1) & mask;
  }
  found = false;
  return s;
}

/** Stores the bytes ptr[0..len) as token k = stored (in empty slot s); returns k. */
function store_(ptr: usize, len: i32, s: i32, h: u32): i32 {
  const k = stored++;
  const at = k == 0 ? 0 : unchecked(start[k]);
  start = grow(start, stored + 1);
  hashes = grow(hashes, stored);
  bytes = grow(bytes, <i32>at + len);
  memory.copy(changetype<usize>(bytes) + <usize>at, ptr, <usize>len);
  unchecked((start[k] = at));
  unchecked((start[k + 1] = at + <u32>len));
  unchecked((hashes[k] = h));
  unchecked((slots[s] = k + 1));
  if (stored << 1 > slots.length) rehash();
  return k;
}

/** The id of the bytes of `a` followed by those of `b`: an existing token's, or the next new id. */
export function idFor(a: u32, b: u32): u32 {
  const la = lengthOf(a);
  const len = la + lengthOf(b);
  scratch = grow(scratch, len);
  write(a, 0);
  write(b, la);
  const ptr = changetype<usize>(scratch);
  const h = hashBytes(ptr, len);
  const s = slotFor(ptr, len, h);
  if (found) {
    isNew = false;
    return idOf(unchecked(slots[s]) - 1);
  }
  isNew = true;
  return idOf(store_(ptr, len, s, h));
}

function rehash(): void {
  const cap = slots.length << 1;
  slots = new StaticArray<i32>(cap);
  const mask = cap - 1;
  for (let k = 0; k < stored; k++) {
    let s = <i32>unchecked(hashes[k]) & mask;
    while (unchecked(slots[s]) != 0) s = (s + 1) & mask;
    unchecked((slots[s] = k + 1));
  }
}
