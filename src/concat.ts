/** The parts, one after another, in one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Token ids of consecutive parts in one array (wasm parts are typed arrays, the TS engine's are number arrays). */
export function concatIds(parts: readonly ArrayLike<number>[]): Uint32Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint32Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
