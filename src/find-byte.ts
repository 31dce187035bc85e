// The first index of a byte in a Uint8Array, at or after `from` (>= 0), or -1: what data.indexOf(byte,
// from) returns, found by Node's Buffer search (memchr) where the runtime has it. V8's own typed-array
// indexOf is a C++ builtin with a byte-by-byte loop: finding the ends of JSON Lines lines and the
// quotes in their text fields took ~1.4 s of a 14 s one-thread count of 1.5 GB of kernel source
// (Node 24; 300 MB, microbenchmark: newlines 92 ms -> 13 ms, 1.8 M quotes 135 ms -> 45-72 ms).
// Browsers (no Buffer) keep the typed array's indexOf.
type IndexOf = (this: Uint8Array, value: number, from: number) => number;
const bufferIndexOf = (globalThis as { Buffer?: { prototype: { indexOf: IndexOf } } }).Buffer?.prototype.indexOf;

export const indexOfByte: (data: Uint8Array, byte: number, from: number) => number =
  typeof bufferIndexOf === "function" ? (data, byte, from) => bufferIndexOf.call(data, byte, from) : (data, byte, from) => data.indexOf(byte, from);
