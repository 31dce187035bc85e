// Where each pair may start: per pair, an append-only vector of positions (u32).
// Nothing is removed when a merge destroys an occurrence; the merge loop checks every position when
// it uses it (lazy invalidation) and frees a pair's vector once the pair is merged.
// One 16-byte header per pair, in raw memory read with load/store (no shadow-stack traffic; the
// debug build checks every index):
//   [address: usize (u32) | unused: u32 | length: u32 | capacity: u32]
// with the positions (u32 each) in heap memory at `address`, or, while capacity = 0, up to two
// positions held in the header itself, in its first 8 bytes (many pairs never occur more than twice,
// and the allocator's smallest block takes 32 bytes). Read and written only through the accessors below.

let heads: usize = 0; // address of the headers
let room: i32 = 0; // pairs the headers have room for

const ADDRESS: usize = 0; // offsets in a header
const LENGTH: usize = 8;
const CAPACITY: usize = 12;
const INLINE: u32 = 2; // positions a header holds itself
const MIN_CAP: u32 = 4;

@inline function addressOf(h: usize): usize {
  return load<usize>(h, ADDRESS);
}
@inline function setAddress(h: usize, at: usize): void {
  store<usize>(h, at, ADDRESS);
}
@inline function lengthOf(h: usize): u32 {
  return load<u32>(h, LENGTH);
}
@inline function setLength(h: usize, n: u32): void {
  store<u32>(h, n, LENGTH);
}
@inline function capacityOf(h: usize): u32 {
  return load<u32>(h, CAPACITY);
}
@inline function setCapacity(h: usize, cap: u32): void {
  store<u32>(h, cap, CAPACITY);
}
/** Empties the header at h (no positions, no heap memory). */
@inline function zero(h: usize): void {
  store<u64>(h, 0);
  store<u64>(h, 0, 8);
}

/** Position k of a vector whose positions are at `at` (entries(), or at() for a pair). */
@inline export function entry(at: usize, k: u32): u32 {
  return load<u32>(at + (<usize>k << 2));
}
@inline function setEntry(at: usize, k: u32, i: u32): void {
  store<u32>(at + (<usize>k << 2), i);
}

export function reset(): void {
  for (let p = 0; p < room; p++) free(header(p));
  if (heads != 0) heap.free(heads);
  room = 1024;
  heads = heap.alloc(<usize>room << 4);
  memory.fill(heads, 0, <usize>room << 4);
}

@inline function header(p: i32): usize {
  if (!ASC_NO_ASSERT) assert(<u32>p < <u32>room, "positions: pair out of range");
  return heads + (<usize>p << 4);
}

/** Address of the positions of the vector whose header is at h. */
@inline function entries(h: usize): usize {
  return capacityOf(h) == 0 ? h : addressOf(h);
}

/** Frees the heap memory of the vector at h, if any, and zeroes h. */
@inline function free(h: usize): void {
  if (capacityOf(h) != 0) heap.free(addressOf(h));
  zero(h);
}

/** Room for the headers of pairs 0..pairs-1 (call after the pair table grew). */
export function ensure(pairs: i32): void {
  if (pairs <= room) return;
  let cap = room << 1;
  while (cap < pairs) cap <<= 1;
  heads = heap.realloc(heads, <usize>cap << 4);
  memory.fill(heads + (<usize>room << 4), 0, <usize>(cap - room) << 4);
  room = cap;
}

/** Gives pair p (with no vector yet) room for exactly `cap` positions: used at init, where counts are known. */
export function reserve(p: i32, cap: u32): void {
  ensure(p + 1);
  if (cap <= INLINE) return;
  const h = header(p);
  setAddress(h, heap.alloc(<usize>cap << 2));
  setCapacity(h, cap);
}

/** Appends position i to the vector whose header is at h (a pair's, or any zeroed 16 bytes). */
@inline export function push(h: usize, i: u32): void {
  const n = lengthOf(h);
  const cap = capacityOf(h);
  if (cap == 0 && n < INLINE) setEntry(h, n, i);
  else {
    if (n >= cap) widen(h, n, cap);
    setEntry(addressOf(h), n, i);
  }
  setLength(h, n + 1);
}

/** Appends position i to pair p's vector (p must be below ensure()'s bound). */
@inline export function add(p: i32, i: u32): void {
  push(header(p), i);
}

/** Doubles the room of the vector at h (n positions, cap = its capacity; 0 = held in the header). */
function widen(h: usize, n: u32, cap: u32): void {
  const more = n < MIN_CAP ? MIN_CAP : n << 1;
  if (cap == 0) {
    const at = heap.alloc(<usize>more << 2);
    store<u64>(at, load<u64>(h)); // the (up to two) positions the header held
    setAddress(h, at);
  } else {
    setAddress(h, heap.realloc(addressOf(h), <usize>more << 2));
  }
  setCapacity(h, more);
}

/** Gives pair p the positions of the vector at header h (appending them if p has some) and zeroes h. */
export function moveTo(p: i32, h: usize): void {
  const to = header(p);
  if (lengthOf(to) == 0 && capacityOf(to) == 0) {
    memory.copy(to, h, 16);
    zero(h);
    return;
  }
  const from = entries(h);
  const m = lengthOf(h);
  for (let k: u32 = 0; k < m; k++) push(to, entry(from, k));
  free(h);
}

/** Empties the vector whose header is at h (a side whose pair is never counted). */
export function clear(h: usize): void {
  free(h);
}

/** Address of pair p's first position (valid until the next add() to p or ensure()). */
@inline export function at(p: i32): usize {
  return p < room ? entries(header(p)) : 0;
}

/** How many positions pair p's vector holds. */
@inline export function length(p: i32): u32 {
  return p < room ? lengthOf(header(p)) : 0;
}

/** Frees pair p's vector (its pair was merged; should it ever come back, a new vector starts). */
export function release(p: i32): void {
  if (p < room) free(header(p));
}
