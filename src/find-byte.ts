// The first index of a byte in a Uint8Array, at or after `from` (>= 0), or -1: what data.indexOf(byte,
// from) returns, found by Node's Buffer search (memchr) where the runtime has it. V8's own typed-array
// indexOf is a C++ builtin with a byte-by-byte loop: finding the ends of JSON Lines lines and the
// quotes in their text fields took ~1.4 s of a 14 s one-thread count of 1.5 GB of kernel source
// (Node 24; 300 MB, microbenchmark: newlines 92 ms -> 13 ms, 1.8 M quotes 135 ms -> 45-72 ms).
// Browsers (no Buffer) keep the typed array's indexOf.
// Node's Buffer search returns its index as an int32 (Node 20 and 24): past 2 GiB it comes back
// negative, and a loop that searches on from it never ends (a 2.3 GB JSON Lines line hung `train`).
// Arrays that long are searched a window of at most 1 GiB at a time.
type IndexOf = (this: Uint8Array, value: number, from: number) => number;
const bufferIndexOf = (globalThis as { Buffer?: { prototype: { indexOf: IndexOf } } }).Buffer?.prototype.indexOf;

/** Bytes Buffer's search is given at once: its answer must fit an int32. */
const SEARCH_WINDOW = 1 << 30;

function windowed(search: IndexOf, data: Uint8Array, byte: number, from: number): number {
  if (data.length <= SEARCH_WINDOW) return search.call(data, byte, from);
  for (let at = from < 0 ? Math.max(0, data.length + from) : from; at < data.length; at += SEARCH_WINDOW) {
    const i = search.call(data.subarray(at, at + SEARCH_WINDOW), byte, 0);
    if (i !== -1) return at + i;
  }
  return -1;
}

export const indexOfByte: (data: Uint8Array, byte: number, from: number) => number =
  typeof bufferIndexOf === "function" ? (data, byte, from) => windowed(bufferIndexOf, data, byte, from) : (data, byte, from) => data.indexOf(byte, from);
