// Adjacent byte pair counts: the teaching step "which two bytes stand next to each other most often".
// counts[first << 8 | second] = how often byte `second` follows byte `first`.
export const counts = new StaticArray<u64>(65536);

export function reset(): void {
  memory.fill(changetype<usize>(counts), 0, 65536 << 3);
}

/** Counts the pairs in ptr[0..len); `prev` is the byte before ptr (a document read in pieces) or -1. */
export function countBytes(ptr: usize, len: i32, prev: i32): void {
  if (len <= 0) return;
  let left = <u32>load<u8>(ptr);
  if (prev >= 0) unchecked((counts[(<u32>prev << 8) | left] += 1));
  for (let i = 1; i < len; i++) {
    const right = <u32>load<u8>(ptr + <usize>i);
    unchecked((counts[(left << 8) | right] += 1));
    left = right;
  }
}
