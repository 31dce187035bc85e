// Growable storage. Every table in the core is a StaticArray reached only through `unchecked()`
// where a loop bound proves the index; the debug build (uncheckedBehavior: never) checks them all.

/** `a` if it holds `need` items, else a copy with room for at least `need` (doubling). */
export function grow<T>(a: StaticArray<T>, need: i32): StaticArray<T> {
  if (need <= a.length) return a;
  let cap = a.length < 16 ? 16 : a.length;
  while (cap < need) cap = cap < 0x20000000 ? cap << 1 : need;
  const b = new StaticArray<T>(cap);
  memory.copy(changetype<usize>(b), changetype<usize>(a), <usize>a.length * sizeof<T>());
  return b;
}

/** Largest item count a single table may hold: the allocator's block limit is 1 GiB. */
@inline export function maxItems<T>(): i32 {
  return <i32>((1 << 30) / sizeof<T>()) - 64;
}

/** 32-bit mix of a 64-bit key (Fibonacci hashing); the high bits are the well-mixed ones. */
@inline export function hash64(key: u64): u32 {
  return <u32>((key * 0x9e3779b97f4a7c15) >> 32);
}

/** FNV-1a over ptr[0..len), then an avalanche so the low bits are usable as a slot index. */
export function hashBytes(ptr: usize, len: i32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = (h ^ load<u8>(ptr + <usize>i)) * 0x01000193;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  return h ^ (h >> 13);
}
