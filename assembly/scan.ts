// Pre-tokenization without a regex engine: tiktoken's cl100k and gpt2 patterns as hand-written
// scanners over UTF-8, feeding the chunk table directly (no JS strings). The JS regexes in
// src/pretokenize.ts are the reference; test/scan.test.ts demands identical chunks.
//
// cl100k: '(?i:[sdmt]|ll|ve|re) | [^\r\n\p{L}\p{N}]?+\p{L}++ | \p{N}{1,3}+ | ?[^\s\p{L}\p{N}]++[\r\n]*+
//         | \s++$ | \s*[\r\n] | \s+(?!\S) | \s
// gpt2:   '(?:[sdmt]|ll|ve|re) | ?\p{L}++ | ?\p{N}++ | ?[^\s\p{L}\p{N}]++ | \s++$ | \s+(?!\S) | \s
// Alternatives are tried in order at each start, as a backtracking regex does; the comments at each
// step say which alternative it is and why possessive and greedy agree there.
import * as table from "./table";

export const OTHER: u8 = 0;
export const LETTER: u8 = 1;
export const NUMBER: u8 = 2;
export const SPACE: u8 = 3; // White_Space other than \r and \n
export const NEWLINE: u8 = 4; // \r or \n

const classes = new StaticArray<u8>(0x110000); // code point -> class (tiktoken's Unicode tables)

/** Marks code points from..to (inclusive) with a class; the host calls it once per table range. */
export function setClass(from: u32, to: u32, cls: u8): void {
  for (let c = from; c <= to; c++) unchecked((classes[c] = cls));
}

let base: usize = 0; // the text being scanned
let end: i32 = 0;
let width: i32 = 0; // bytes of the code point cpAt() last read

/** The code point at byte i (valid UTF-8 assumed: the host encodes JS strings); sets `width`. */
@inline function cpAt(i: i32): u32 {
  const b0 = <u32>load<u8>(base + <usize>i);
  if (b0 < 0x80) {
    width = 1;
    return b0;
  }
  const b1 = <u32>load<u8>(base + <usize>i + 1) & 0x3f;
  if (b0 < 0xe0) {
    width = 2;
    return ((b0 & 0x1f) << 6) | b1;
  }
  const b2 = <u32>load<u8>(base + <usize>i + 2) & 0x3f;
  if (b0 < 0xf0) {
    width = 3;
    return ((b0 & 0x0f) << 12) | (b1 << 6) | b2;
  }
  width = 4;
  return ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | (<u32>load<u8>(base + <usize>i + 3) & 0x3f);
}

@inline function classAt(i: i32): u8 {
  return unchecked(classes[cpAt(i)]);
}

/** End of the run of code points of class `cls` starting at i. */
function runOf(i: i32, cls: u8): i32 {
  while (i < end && classAt(i) == cls) i += width;
  return i;
}

/** End of the run of white space (SPACE or NEWLINE) starting at i. */
function runOfSpace(i: i32): i32 {
  while (i < end) {
    const k = classAt(i);
    if (k != SPACE && k != NEWLINE) break;
    i += width;
  }
  return i;
}

/** '(?i:[sdmt]|ll|ve|re) (cl100k) or '(?:[sdmt]|ll|ve|re) (gpt2) at i (an apostrophe): its end, or -1. */
function contraction(i: i32, caseless: bool): i32 {
  const j = i + 1;
  if (j >= end) return -1;
  let c = cpAt(j);
  if (caseless) {
    if (c == 0x17f) return j + 2; // LONG S folds to s in fancy-regex's simple case folding
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
  }
  if (c == 0x73 || c == 0x64 || c == 0x6d || c == 0x74) return j + 1; // s d m t
  if (j + 1 >= end) return -1;
  let d = cpAt(j + 1);
  if (caseless && d >= 0x41 && d <= 0x5a) d += 0x20;
  if ((c == 0x6c && d == 0x6c) || (c == 0x76 && d == 0x65) || (c == 0x72 && d == 0x65)) return j + 2; // ll ve re
  return -1;
}

/** The white-space alternatives at i (a white-space code point): \s++$ | [\s*[\r\n]] | \s+(?!\S) | \s. */
function spaceChunk(i: i32, newlineRule: bool): i32 {
  const j = runOfSpace(i);
  if (j == end) return j; // \s++$
  // \s*[\r\n] (cl100k): \s* takes the run, then backs off to its last \r or \n
  let last = -1; // start of the run's last code point
  let lastNewline = -1;
  for (let k = i; k < j; ) {
    const cls = classAt(k);
    last = k;
    if (cls == NEWLINE) lastNewline = k;
    k += width;
  }
  if (newlineRule && lastNewline >= 0) return lastNewline + 1; // \r and \n are one byte
  // \s+(?!\S): the run is followed by non-space, so give back its last code point, if one is left
  if (last > i) return last;
  cpAt(i);
  return i + width; // \s
}


/** The end of the cl100k chunk starting at i. */
function cl100kChunk(i: i32): i32 {
  const c = cpAt(i);
  const w = width;
  const k = unchecked(classes[c]);
  if (c == 0x27) {
    const e = contraction(i, true);
    if (e >= 0) return e;
  }
  // [^\r\n\p{L}\p{N}]?+\p{L}++ : the optional code point is never a letter, so possessive = greedy
  if (k == LETTER) return runOf(i + w, LETTER);
  if (k != NEWLINE && k != NUMBER && i + w < end && classAt(i + w) == LETTER) return runOf(i + w, LETTER);
  // \p{N}{1,3}+
  if (k == NUMBER) {
    let e = i + w;
    for (let n = 1; n < 3 && e < end && classAt(e) == NUMBER; n++) e += width;
    return e;
  }
  //  ?[^\s\p{L}\p{N}]++[\r\n]*+
  let s = i;
  if (c == 0x20 && i + 1 < end && classAt(i + 1) == OTHER) s = i + 1;
  if (classAt(s) == OTHER) return runOf(runOf(s, OTHER), NEWLINE);
  return spaceChunk(i, true);
}

/** The end of the gpt2 chunk starting at i. */
function gpt2Chunk(i: i32): i32 {
  const c = cpAt(i);
  const w = width;
  const k = unchecked(classes[c]);
  if (c == 0x27) {
    const e = contraction(i, false);
    if (e >= 0) return e;
  }
  //  ?\p{L}++ |  ?\p{N}++ |  ?[^\s\p{L}\p{N}]++ : an optional space, then a run of one class
  if (k == LETTER || k == NUMBER || k == OTHER) return runOf(i + w, k);
  if (c == 0x20 && i + 1 < end) {
    const next = classAt(i + 1);
    if (next == LETTER || next == NUMBER || next == OTHER) return runOf(i + 1, next);
  }
  return spaceChunk(i, false);
}

export const CL100K: i32 = 1;
export const GPT2: i32 = 2;

/**
 * Splits the UTF-8 text at ptr[0..len) and adds every chunk to the chunk table (count 1 each).
 * Returns the number of chunks, or table.ERR_TOO_BIG.
 */
export function countText(ptr: usize, len: i32, pattern: i32): i32 {
  base = ptr;
  end = len;
  let n = 0;
  for (let i = 0; i < len; ) {
    const e = pattern == CL100K ? cl100kChunk(i) : gpt2Chunk(i);
    if (table.add(ptr + <usize>i, e - i, 1) < 0) return table.ERR_TOO_BIG;
    n++;
    i = e;
  }
  return n;
}

/** Splits like countText but writes each chunk's byte length (u32) at out instead. Returns the count. */
export function splitText(ptr: usize, len: i32, pattern: i32, out: usize): i32 {
  base = ptr;
  end = len;
  let n = 0;
  for (let i = 0; i < len; ) {
    const e = pattern == CL100K ? cl100kChunk(i) : gpt2Chunk(i);
    store<u32>(out + (<usize>n << 2), e - i);
    n++;
    i = e;
  }
  return n;
}
