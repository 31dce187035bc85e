// A JSON string's body (the bytes between its quotes, as a JSON Lines file stores them) unescaped
// into the UTF-8 bytes it stands for. The twin and reference is unescapeBody() in
// src/pipeline/json-bytes.ts; tests demand identical bytes and the same failures.
//
// Escapes: \" \\ \/ \b \f \n \r \t and \uXXXX (a high surrogate followed by a low one is one 4-byte
// character; any other surrogate becomes U+FFFD, EF BF BD, as JSON.parse + TextEncoder give). Any
// other byte, invalid UTF-8 included, is kept as it is. Nothing is read at or past `len`.
//
// Performance notes (100 MB of kernel C source bodies: an escape every 13.4 bytes; best of 6 runs on
// a busy 2-core machine, the copy into wasm memory included):
// - 8 bytes a step (one unaligned u64 load and store, a SWAR test for a backslash): 1453 MB/s. The
//   same in place (stores only up to the backslash, since a whole word could overwrite it): 1066.
//   A byte loop: 772. A branch-free byte loop (select between the byte and its escape): 323.
// - The scanner reads the result where it is written, so a body crosses into wasm memory once. The JS
//   twin (a document-sized array per document, a subarray per escape) took 12.5% of one-thread JSON
//   Lines counting of 200 MB of that corpus (--cpu-prof); this takes 2.5%.
import { JSON_BAD_ESCAPE } from "../src/boundary";

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;
const SLASHES: u64 = 0x5c5c5c5c5c5c5c5c; // "\" in every byte

// the byte each one-letter escape stands for, by the letter after "\"; 0: no such escape
// (\" -> ", \\ -> \, \/ -> /, \b -> 08, \f -> 0C, \n -> 0A, \r -> 0D, \t -> 09)
const SIMPLE = new StaticArray<u8>(256);
SIMPLE[0x22] = 0x22;
SIMPLE[0x5c] = 0x5c;
SIMPLE[0x2f] = 0x2f;
SIMPLE[0x62] = 0x08;
SIMPLE[0x66] = 0x0c;
SIMPLE[0x6e] = 0x0a;
SIMPLE[0x72] = 0x0d;
SIMPLE[0x74] = 0x09;

/**
 * Unescapes src[0..len) into dst; returns the length written, or JSON_BAD_ESCAPE. dst may be src
 * (in place: an escape is never shorter than what it stands for, so writing stays behind reading,
 * and a whole word is stored only where it cannot reach bytes not yet read); else dst[0..len + 8)
 * must not overlap src[0..len). Words are stored whole: up to 7 bytes past the result are written.
 */
export function unescapeBody(src: usize, len: i32, dst: usize): i32 {
  let r = 0; // read position
  let w = 0; // write position (<= r)
  while (r < len) {
    // a word at a time where its store lands on written or read bytes only (in place: w == r, or 8 behind)
    if (r + 8 <= len && (dst != src || w == r || r - w >= 8)) {
      const word = load<u64>(src + <usize>r);
      store<u64>(dst + <usize>w, word);
      const x = word ^ SLASHES;
      const zero = (x - ONES) & ~x & HIGHS; // a high bit under each byte that was "\" (the lowest is exact)
      if (zero == 0) {
        r += 8;
        w += 8;
        continue;
      }
      const k = <i32>(ctz(zero) >> 3); // the bytes before the backslash are written
      r += k;
      w += k;
    } else {
      const b = load<u8>(src + <usize>r);
      if (b != 0x5c) {
        store<u8>(dst + <usize>w, b);
        r++;
        w++;
        continue;
      }
    }
    // src[r] is a backslash
    if (r + 1 >= len) return JSON_BAD_ESCAPE;
    const e = load<u8>(src + <usize>(r + 1));
    if (e != 0x75) {
      const b = unchecked(SIMPLE[e]);
      if (b == 0) return JSON_BAD_ESCAPE;
      store<u8>(dst + <usize>w, b);
      w++;
      r += 2;
      continue;
    }
    let code = hex4(src, r + 2, len);
    if (code < 0) return JSON_BAD_ESCAPE;
    r += 6;
    // a high surrogate and a low one: one character (the low one's hex must be good, as in the twin)
    if (code >= 0xd800 && code <= 0xdbff && r + 1 < len && load<u8>(src + <usize>r) == 0x5c && load<u8>(src + <usize>(r + 1)) == 0x75) {
      const low = hex4(src, r + 2, len);
      if (low < 0) return JSON_BAD_ESCAPE;
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        r += 6;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate
    w = putUtf8(dst, w, <u32>code);
  }
  return w;
}

/** The 4 hex digits at ptr[at..at+4) as a number, or -1 (a bad digit, or fewer than 4 before len). */
function hex4(ptr: usize, at: i32, len: i32): i32 {
  if (at + 4 > len) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = <i32>load<u8>(ptr + <usize>(at + k));
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

/** Writes code point `code` as UTF-8 at ptr[w..]; returns the position after it. */
function putUtf8(ptr: usize, w: i32, code: u32): i32 {
  const p = ptr + <usize>w;
  if (code < 0x80) {
    store<u8>(p, code);
    return w + 1;
  }
  if (code < 0x800) {
    store<u8>(p, 0xc0 | (code >> 6));
    store<u8>(p, 0x80 | (code & 63), 1);
    return w + 2;
  }
  if (code < 0x10000) {
    store<u8>(p, 0xe0 | (code >> 12));
    store<u8>(p, 0x80 | ((code >> 6) & 63), 1);
    store<u8>(p, 0x80 | (code & 63), 2);
    return w + 3;
  }
  store<u8>(p, 0xf0 | (code >> 18));
  store<u8>(p, 0x80 | ((code >> 12) & 63), 1);
  store<u8>(p, 0x80 | ((code >> 6) & 63), 2);
  store<u8>(p, 0x80 | (code & 63), 3);
  return w + 4;
}
