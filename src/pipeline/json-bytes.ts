// One JSON Lines line, read as bytes: the text field comes out as the UTF-8 bytes it stands for,
// never through a JS string, so invalid UTF-8 stored raw in the line reaches the counter unchanged.
// Escapes: \" \\ \/ \b \f \n \r \t and \uXXXX (a surrogate pair as one 4-byte character). A lone
// surrogate escape (\uD800 with no partner) becomes U+FFFD (EF BF BD), as JSON.parse + TextEncoder
// give. The rest of the line is checked as JSON; other fields are parsed only when asked (--where).
// Counting hands the field's body (escapes and all) to the wasm core, which unescapes it where its
// scanner reads it (assembly/json.ts); unescapeBody here is that code's twin, used everywhere else.

import { indexOfByte } from "../find-byte.js";

/** Where a value lies in the line: [start, end). */
type Span = [number, number];

export class JsonLineError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The top-level fields of a JSON object line that are named in `wanted`, as their spans; throws
 * JsonLineError when the line is not one JSON object.
 */
export function objectFields(line: Uint8Array, wanted: ReadonlySet<string>): Map<string, Span> {
  const found = new Map<string, Span>();
  let at = skipSpace(line, 0);
  if (line[at] !== 0x7b) throw new JsonLineError(at < line.length && (line[at] === 0x5b || line[at] === QUOTE || isValueStart(line[at])) ? "not an object" : "not JSON");
  at = skipSpace(line, at + 1);
  if (line[at] === 0x7d) return end(line, at + 1, found);
  for (;;) {
    if (line[at] !== QUOTE) throw new JsonLineError("not JSON");
    const keyEnd = skipString(line, at);
    const key = wanted.size > 0 ? keyOf(line, at, keyEnd) : "";
    at = skipSpace(line, keyEnd);
    if (line[at] !== 0x3a) throw new JsonLineError("not JSON");
    const valueStart = skipSpace(line, at + 1);
    const valueEnd = skipValue(line, valueStart, 0);
    if (wanted.has(key)) found.set(key, [valueStart, valueEnd]);
    at = skipSpace(line, valueEnd);
    if (line[at] === 0x2c) at = skipSpace(line, at + 1);
    else if (line[at] === 0x7d) return end(line, at + 1, found);
    else throw new JsonLineError("not JSON");
  }
}

function end(line: Uint8Array, at: number, found: Map<string, Span>): Map<string, Span> {
  if (skipSpace(line, at) !== line.length) throw new JsonLineError("not JSON");
  return found;
}

const isValueStart = (b: number) => b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;

function keyOf(line: Uint8Array, start: number, end: number): string {
  for (let i = start + 1; i < end - 1; i++) if (line[i] === BACKSLASH || line[i] >= 0x80) return JSON.parse(new TextDecoder().decode(line.subarray(start, end))) as string;
  let key = "";
  for (let i = start + 1; i < end - 1; i++) key += String.fromCharCode(line[i]);
  return key;
}

function skipSpace(line: Uint8Array, at: number): number {
  while (at < line.length) {
    const b = line[at];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    at++;
  }
  return at;
}

/** The end of the string starting at `at` (just past its closing quote); quotes found by indexOfByte (memchr in Node). */
function skipString(line: Uint8Array, at: number): number {
  for (let q = indexOfByte(line, QUOTE, at + 1); q !== -1; q = indexOfByte(line, QUOTE, q + 1)) {
    let slashes = 0;
    while (line[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1; // not escaped
  }
  throw new JsonLineError("not JSON");
}

function skipValue(line: Uint8Array, at: number, depth: number): number {
  if (depth > 512) throw new JsonLineError("nested too deep");
  const b = line[at];
  if (b === QUOTE) return skipString(line, at);
  if (b === 0x7b || b === 0x5b) {
    const close = b === 0x7b ? 0x7d : 0x5d;
    at = skipSpace(line, at + 1);
    if (line[at] === close) return at + 1;
    for (;;) {
      if (b === 0x7b) {
        if (line[at] !== QUOTE) throw new JsonLineError("not JSON");
        at = skipSpace(line, skipString(line, at));
        if (line[at] !== 0x3a) throw new JsonLineError("not JSON");
        at = skipSpace(line, at + 1);
      }
      at = skipSpace(line, skipValue(line, at, depth + 1));
      if (line[at] === 0x2c) at = skipSpace(line, at + 1);
      else if (line[at] === close) return at + 1;
      else throw new JsonLineError("not JSON");
    }
  }
  const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(ascii(line, at, Math.min(line.length, at + 400)));
  if (!literal) throw new JsonLineError("not JSON");
  return at + literal[0].length;
}

function ascii(line: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to && line[i] < 0x80; i++) s += String.fromCharCode(line[i]);
  return s;
}

/** The value at `span` as JSON (for --where columns). */
export function parseSpan(line: Uint8Array, [start, end]: Span): unknown {
  return JSON.parse(new TextDecoder().decode(line.subarray(start, end)));
}

/** The body of the JSON string at `span` (the bytes between its quotes, escapes and all); null when it is no string. */
export function stringBody(line: Uint8Array, [start, end]: Span): Uint8Array | null {
  return line[start] === QUOTE ? line.subarray(start + 1, end - 1) : null;
}

/** The JSON string at `span` unescaped into the UTF-8 bytes it stands for; null when it is no string. */
export function stringBytes(line: Uint8Array, span: Span): Uint8Array | null {
  const body = stringBody(line, span);
  if (body === null) return null;
  return unescapeBody(body) ?? fail();
}

/**
 * A JSON string's body unescaped into the UTF-8 bytes it stands for; null for a bad escape. The twin
 * of the core's assembly/json.ts (tests demand identical bytes): the fast path when the engine has
 * the scanner, this one everywhere else (the TS engine, special tokens, custom patterns, measuring).
 */
export function unescapeBody(body: Uint8Array): Uint8Array | null {
  let i = body.indexOf(BACKSLASH);
  if (i === -1) return body; // most text has no escape: the stored bytes as they are
  const out = new Uint8Array(body.length); // unescaping never grows: \uXXXX (6) -> at most 3, pairs (12) -> 4
  out.set(body.subarray(0, i));
  let n = i;
  // a byte loop, no subarray per run: kernel C source has an escape every ~20 bytes
  while (i < body.length) {
    const b = body[i];
    if (b !== BACKSLASH) {
      out[n++] = b;
      i++;
      continue;
    }
    const e = body[i + 1]; // undefined past the end: no escape
    if (e !== 0x75) {
      const simple = SIMPLE[e];
      if (simple === undefined || simple === 0) return null;
      out[n++] = simple;
      i += 2;
      continue;
    }
    let code = hex4(body, i + 2);
    if (code < 0) return null;
    i += 6;
    if (code >= 0xd800 && code <= 0xdbff && body[i] === BACKSLASH && body[i + 1] === 0x75) {
      const low = hex4(body, i + 2);
      if (low < 0) return null;
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 6;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate
    n = putUtf8(out, n, code);
  }
  return out.subarray(0, n);
}

// the byte each one-letter escape stands for, by the letter after "\"; 0: no such escape
const SIMPLE = new Uint8Array(256);
for (const [letter, byte] of [
  ['"', 0x22],
  ["\\", 0x5c],
  ["/", 0x2f],
  ["b", 0x08],
  ["f", 0x0c],
  ["n", 0x0a],
  ["r", 0x0d],
  ["t", 0x09],
] as const)
  SIMPLE[letter.charCodeAt(0)] = byte;

function fail(): never {
  throw new JsonLineError("not JSON");
}

/** The 4 hex digits at body[at..at+4) as a number, or -1 (a bad digit, or the body ends first). */
function hex4(body: Uint8Array, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = body[at + k];
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function putUtf8(out: Uint8Array, n: number, code: number): number {
  if (code < 0x80) out[n++] = code;
  else if (code < 0x800) {
    out[n++] = 0xc0 | (code >> 6);
    out[n++] = 0x80 | (code & 63);
  } else if (code < 0x10000) {
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 63);
    out[n++] = 0x80 | (code & 63);
  } else {
    out[n++] = 0xf0 | (code >> 18);
    out[n++] = 0x80 | ((code >> 12) & 63);
    out[n++] = 0x80 | ((code >> 6) & 63);
    out[n++] = 0x80 | (code & 63);
  }
  return n;
}
