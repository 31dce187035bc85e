// The one buffer the host writes input into and reads results from.
import { grow } from "./grow";

export let buffer = new StaticArray<u8>(1 << 16);

/**
 * Makes room for `size` bytes and returns where they start. Any later call may move it. 8 more bytes
 * stay readable after them: the chunk table reads a chunk's bytes a word at a time (table.ts).
 */
export function reserve(size: i32): usize {
  buffer = grow(buffer, size + 8);
  return changetype<usize>(buffer);
}

@inline export function at(offset: i32): usize {
  return changetype<usize>(buffer) + <usize>offset;
}
