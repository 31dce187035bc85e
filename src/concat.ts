/** The parts, one after another, in one new array made by `make`. */
function concat<T extends Uint8Array | Uint32Array>(parts: readonly ArrayLike<number>[], make: (length: number) => T): T {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = make(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The parts, one after another, in one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return concat(parts, (n) => new Uint8Array(n));
}

/** Token ids of consecutive parts in one array (wasm parts are typed arrays, the TS engine's are number arrays). */
export function concatIds(parts: readonly ArrayLike<number>[]): Uint32Array {
  return concat(parts, (n) => new Uint32Array(n));
}
