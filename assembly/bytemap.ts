// A map from byte strings to short lists of u32 (the encoder's token table: bytes -> id, and its
// chunk cache: bytes -> ids). Open addressing over entry numbers; keys and values live back to back
// in two growable arrays, so an entry costs no allocation.
import { grow } from "./grow";

/**
 * The hash of a key ptr[0..len): eight bytes per step (grow.ts's hashBytes takes one, and chunks of
 * multilingual text are often 10-60 bytes), then an avalanche so the low bits can index slots.
 */
export function hashKey(ptr: usize, len: i32): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>len;
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    h = (h ^ load<u64>(ptr + <usize>i)) * 0xff51afd7ed558ccd;
    h ^= h >> 32;
  }
  let tail: u64 = 0;
  for (let j = len - 1; j >= i; j--) tail = (tail << 8) | <u64>load<u8>(ptr + <usize>j);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53;
  h ^= h >> 29;
  return <u32>(h >> 32) ^ <u32>h;
}

export class ByteMap {
  slots: StaticArray<u64> = new StaticArray<u64>(1024); // slot -> hash << 32 | entry + 1, 0 = empty (one load per probe)
  keyStart: StaticArray<u32> = new StaticArray<u32>(513); // entry k's key is keys[keyStart[k]..keyStart[k + 1])
  keys: StaticArray<u8> = new StaticArray<u8>(4096);
  valStart: StaticArray<u32> = new StaticArray<u32>(513); // entry k's values: vals[valStart[k]..valStart[k + 1])
  vals: StaticArray<u32> = new StaticArray<u32>(1024);
  size: i32 = 0;

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** Bytes of all keys so far (the cache is cleared when this grows too large). */
  @inline keyBytes(): u32 {
    return unchecked(this.keyStart[this.size]);
  }

  /** Room for `more` entries with `bytes` more key bytes (one value each), so adding them never regrows. */
  reserve(more: i32, bytes: u32): void {
    const n = this.size + more;
    this.keyStart = grow(this.keyStart, n + 1);
    this.valStart = grow(this.valStart, n + 1);
    this.keys = grow(this.keys, <i32>(this.keyBytes() + bytes));
    this.vals = grow(this.vals, <i32>unchecked(this.valStart[this.size]) + more);
    let slots = this.slots.length;
    while (n << 1 > slots) slots <<= 1;
    if (slots > this.slots.length) this.rehashTo(slots);
  }

  /** The entry whose key is ptr[0..len) (hash h), or -1. */
  find(ptr: usize, len: i32, h: u32): i32 {
    const mask = this.slots.length - 1;
    let s = <i32>h & mask;
    for (let e = unchecked(this.slots[s]); e != 0; e = unchecked(this.slots[s])) {
      if (<u32>(e >> 32) == h) {
        const k = <i32>(e & 0xffffffff) - 1;
        const ks = unchecked(this.keyStart[k]);
        if (<i32>(unchecked(this.keyStart[k + 1]) - ks) == len &&
            memory.compare(changetype<usize>(this.keys) + <usize>ks, ptr, <usize>len) == 0) return k;
      }
      s = (s + 1) & mask;
    }
    return -1;
  }

  /** Adds key ptr[0..len) (hash h, not present yet) with the n values at vals; returns its entry. */
  add(ptr: usize, len: i32, h: u32, vals: usize, n: i32): i32 {
    const k = this.size++;
    const ks = unchecked(this.keyStart[k]);
    const vs = unchecked(this.valStart[k]);
    this.keyStart = grow(this.keyStart, k + 2);
    this.valStart = grow(this.valStart, k + 2);
    this.keys = grow(this.keys, <i32>ks + len);
    this.vals = grow(this.vals, <i32>vs + n);
    memory.copy(changetype<usize>(this.keys) + <usize>ks, ptr, <usize>len);
    memory.copy(changetype<usize>(this.vals) + (<usize>vs << 2), vals, <usize>n << 2);
    unchecked((this.keyStart[k + 1] = ks + <u32>len));
    unchecked((this.valStart[k + 1] = vs + <u32>n));
    if (this.size << 1 > this.slots.length) this.rehash();
    this.place((<u64>h << 32) | <u64>(k + 1));
    return k;
  }

  @inline valueCount(k: i32): i32 {
    return <i32>(unchecked(this.valStart[k + 1]) - unchecked(this.valStart[k]));
  }

  /** Address of entry k's values. Valid until the next add. */
  @inline valuePtr(k: i32): usize {
    return changetype<usize>(this.vals) + (<usize>unchecked(this.valStart[k]) << 2);
  }

  private place(slot: u64): void {
    const mask = this.slots.length - 1;
    let s = <i32>(slot >> 32) & mask;
    while (unchecked(this.slots[s]) != 0) s = (s + 1) & mask;
    unchecked((this.slots[s] = slot));
  }

  /** Doubles the slots; the entry being added (the last) is placed by the caller. */
  private rehash(): void {
    this.rehashTo(this.slots.length << 1);
  }

  private rehashTo(slots: i32): void {
    const old = this.slots;
    this.slots = new StaticArray<u64>(slots);
    for (let i = 0; i < old.length; i++) {
      const slot = unchecked(old[i]);
      if (slot != 0) this.place(slot);
    }
  }
}
