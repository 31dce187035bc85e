// The one buffer the host writes input into and reads results from.
import { grow } from "./grow";

export let buffer = new StaticArray<u8>(1 << 16);

/** Makes room for `size` bytes and returns where they start. Any later call may move it. */
export function reserve(size: i32): usize {
  buffer = grow(buffer, size);
  return changetype<usize>(buffer);
}

@inline export function at(offset: i32): usize {
  return changetype<usize>(buffer) + <usize>offset;
}
