// Pre-tokenization without a regex engine: tiktoken's cl100k, gpt2 and o200k patterns as
// hand-written scanners over UTF-8 bytes, feeding the chunk table (training) or the encoder directly
// (no JS strings). The JS regexes in src/pretokenize.ts are the reference; test/scan.test.ts demands
// identical chunks.
//
// Any bytes are accepted: each maximal invalid subsequence (the Unicode/WHATWG "maximal subpart"
// rule TextDecoder uses to place U+FFFD) reads as one U+FFFD of that many bytes, so chunk
// boundaries are those of the lossy-decoded text while chunks keep the original bytes. Nothing is
// read at or past `end`.
//
// cl100k: '(?i:[sdmt]|ll|ve|re) | [^\r\n\p{L}\p{N}]?+\p{L}++ | \p{N}{1,3}+ | ?[^\s\p{L}\p{N}]++[\r\n]*+
//         | \s++$ | \s*[\r\n] | \s+(?!\S) | \s
// gpt2:   '(?:[sdmt]|ll|ve|re) | ?\p{L}++ | ?\p{N}++ | ?[^\s\p{L}\p{N}]++ | \s++$ | \s+(?!\S) | \s
// o200k:  [^\r\n\p{L}\p{N}]?[UPPER]*[LOWER]+C? | [^\r\n\p{L}\p{N}]?[UPPER]+[LOWER]*C? | \p{N}{1,3}
//         | ?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
//         UPPER = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], LOWER = [\p{Ll}\p{Lm}\p{Lo}\p{M}], C = (?i:'s|'t|'re|'ve|'m|'ll|'d)
// Alternatives are tried in order at each start, as a backtracking regex does; the comments at each
// step say which alternative it is and why possessive and greedy agree there.
//
// Performance notes (cl100k, 137 MB of kernel source, scan alone, Node 24, loaded 2-core VM, medians
// of alternated runs): the class table moved from a StaticArray (every read spilled its reference
// to the shadow stack) to raw memory, ASCII runs no longer go through cpAt's `width` bookkeeping,
// and a white-space run is read once (it was read twice: once for its end, once for its last
// newline): 1.40 -> 1.24 s; runOf inlined: -3%. perf now spreads the time over the branches of
// cl100kChunk (which alternative a chunk is: hard to predict).
// The ASCII fast path (asciiAt, one load per byte gives the class or "not ASCII", no UTF-8 decoding,
// no `width`; the exact scanner takes over at a chunk with a non-ASCII byte): scan alone over 92 MB
// of kernel source (splitText, Node 24, loaded 2-core VM, alternated pairs): cl100k 0.48 -> 0.44 s,
// o200k 0.72 -> 0.49 s, gpt2 0.50 -> 0.44 s; scan + chunk table (countText), cl100k 1.07 -> 0.99 s.
// Whole one-thread count stage, 16 kernel parquet shards (1.53 GB, bench/pipeline-run.js, CPU s of
// counting, two alternated pairs): 25.2 / 25.7 -> 21.1 / 23.4 s (61 -> 69 MB/s per CPU second);
// the trained file is unchanged (sha256 4a06036807df17bf, as main's).
// ASCII letter runs 8 bytes at a time (fastLetters: a word's lanes tested at once, the run's end from
// ctz, no branch per byte or at the run's end): scan + chunk table over 137 MB of kernel source
// (shards 0-3 in memory, Node 24, loaded 2-core VM, 5 alternated pairs in one process), cl100k
// 1.42 -> 1.17 s CPU (-16%).
// Tried and dropped (no difference measured): a batch loop per pattern instead of chunkEnd's dispatch,
// an inlined runOf inside the fast loops. What is left is about two mispredicted branches a chunk
// (which shape, where its run ends): a branch-free byte DFA with delayed boundaries would be the next
// step, the white-space rules (the boundary after a run's last newline, or before its last space) its
// hard part.
import * as boundary from "../src/boundary";
import * as table from "./table";

export const OTHER: u8 = <u8>boundary.CLASS_OTHER;
export const LETTER: u8 = <u8>boundary.CLASS_LETTER;
export const NUMBER: u8 = <u8>boundary.CLASS_NUMBER;
export const SPACE: u8 = <u8>boundary.CLASS_SPACE; // White_Space other than \r and \n
export const NEWLINE: u8 = <u8>boundary.CLASS_NEWLINE; // \r or \n

export const UPPER: u8 = <u8>boundary.CASE_UPPER; // o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (a bit beside the class)
export const LOWER: u8 = <u8>boundary.CASE_LOWER; // o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]
const CLASS: u8 = 7; // the class bits

// code point -> class | case bits (tiktoken's Unicode tables), in raw memory: a StaticArray read from
// a global is spilled to the shadow stack at every access, and the scanner reads it once a code point
const classesAt: usize = heap.alloc(0x110000);
memory.fill(classesAt, 0, 0x110000);

@inline function classOf(cp: u32): u8 {
  return load<u8>(classesAt + <usize>cp);
}

// byte -> class | case bits for ASCII bytes, NONASCII for 0x80..0xFF: the fast path's table (kept in
// step with classesAt by setClass and setCase), so one load tells "which class" and "leave the fast path"
const NONASCII: u8 = 0x80;
const asciiAt: usize = heap.alloc(256);
memory.fill(asciiAt, 0, 0x80);
memory.fill(asciiAt + 0x80, NONASCII, 0x80);

@inline function asciiFlags(b: u32): u8 {
  return load<u8>(asciiAt + <usize>b);
}

/** Copies the classes of ASCII code points from..to into the fast path's table. */
function syncAscii(from: u32, to: u32): void {
  for (let c = from; c <= to && c < 0x80; c++) store<u8>(asciiAt + <usize>c, classOf(c));
}

/** Marks code points from..to (inclusive) with a class (keeping their case bits); once per table range. */
export function setClass(from: u32, to: u32, cls: u8): void {
  if (to > 0x10ffff) to = 0x10ffff;
  for (let c = from; c <= to; c++) store<u8>(classesAt + <usize>c, (classOf(c) & ~CLASS) | cls);
  syncAscii(from, to);
}

/** Adds case bits (UPPER, LOWER) to code points from..to (inclusive). */
export function setCase(from: u32, to: u32, bits: u8): void {
  if (to > 0x10ffff) to = 0x10ffff;
  for (let c = from; c <= to; c++) store<u8>(classesAt + <usize>c, classOf(c) | bits);
  syncAscii(from, to);
}

let base: usize = 0; // the text being scanned
let end: i32 = 0;
let width: i32 = 0; // bytes of the code point cpAt() last read

/** The code point at byte i (< end), or U+FFFD for a maximal invalid subsequence; sets `width`. */
@inline function cpAt(i: i32): u32 {
  const b0 = <u32>load<u8>(base + <usize>i);
  if (b0 < 0x80) {
    width = 1;
    return b0;
  }
  return cpMulti(i, b0);
}

/**
 * A multi-byte code point at i, checked as the WHATWG decoder does: the lead byte fixes how many
 * continuation bytes follow and the range of the first (E0: A0..BF, ED: 80..9F, F0: 90..BF,
 * F4: 80..8F, else 80..BF); the first byte out of range (or the end) ends the invalid subsequence.
 */
function cpMulti(i: i32, b0: u32): u32 {
  let need = 0;
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  let cp: u32 = 0;
  if (b0 < 0xc2 || b0 > 0xf4) {
    width = 1;
    return 0xfffd;
  }
  if (b0 < 0xe0) {
    need = 1;
    cp = b0 & 0x1f;
  } else if (b0 < 0xf0) {
    need = 2;
    cp = b0 & 0x0f;
    if (b0 == 0xe0) lo = 0xa0;
    else if (b0 == 0xed) hi = 0x9f;
  } else {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xf0) lo = 0x90;
    else if (b0 == 0xf4) hi = 0x8f;
  }
  let j = i + 1;
  for (let k = 0; k < need; k++) {
    if (j >= end) {
      width = j - i;
      return 0xfffd;
    }
    const b = <u32>load<u8>(base + <usize>j);
    if (b < lo || b > hi) {
      width = j - i;
      return 0xfffd;
    }
    lo = 0x80;
    hi = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    j++;
  }
  width = need + 1;
  return cp;
}

/** The class (OTHER .. NEWLINE) of the code point at i; sets `width`. */
@inline function classAt(i: i32): u8 {
  return classOf(cpAt(i)) & CLASS;
}

/** The class and case bits of the code point at i; sets `width`. */
@inline function flagsAt(i: i32): u8 {
  return classOf(cpAt(i));
}

/** End of the run of code points of class `cls` starting at i (ASCII without cpAt's bookkeeping). */
@inline function runOf(i: i32, cls: u8): i32 {
  while (i < end) {
    const b = <u32>load<u8>(base + <usize>i);
    if (b < 0x80) {
      if ((classOf(b) & CLASS) != cls) break;
      i++;
    } else {
      if ((classOf(cpMulti(i, b)) & CLASS) != cls) break;
      i += width;
    }
  }
  return i;
}

/**
 * The run of white space (SPACE or NEWLINE) at i, in one pass: its end, the start of its last code
 * point (-1: empty run) and of its last \r or \n (-1: none).
 */
let runLast: i32 = -1;
let runLastNewline: i32 = -1;
function runOfSpace(i: i32): i32 {
  let last = -1;
  let lastNewline = -1;
  while (i < end) {
    const k = classAt(i);
    if (k != SPACE && k != NEWLINE) break;
    last = i;
    if (k == NEWLINE) lastNewline = i;
    i += width;
  }
  runLast = last;
  runLastNewline = lastNewline;
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
  if (newlineRule && runLastNewline >= 0) return runLastNewline + 1; // \r and \n are one byte
  // \s+(?!\S): the run is followed by non-space, so give back its last code point, if one is left
  if (runLast > i) return runLast;
  cpAt(i);
  return i + width; // \s
}


/** \p{N}{1,3} after a first number ending at e: the end of the (at most two) numbers that follow. */
@inline function digits(e: i32): i32 {
  for (let n = 1; n < 3 && e < end && classAt(e) == NUMBER; n++) e += width;
  return e;
}

/** Where ` ?[^\s\p{L}\p{N}]` puts the start of its run at i (code point c, class k): i, i + 1 after a space, or -1: no match. */
@inline function punctStart(i: i32, c: u32, k: u8): i32 {
  if (k == OTHER) return i;
  if (c == 0x20 && i + 1 < end && classAt(i + 1) == OTHER) return i + 1;
  return -1;
}

/** The end of the cl100k chunk starting at i, code point by code point (any text). */
function cl100kExact(i: i32): i32 {
  const c = cpAt(i);
  const w = width;
  const k = classOf(c) & CLASS;
  if (c == 0x27) {
    const e = contraction(i, true);
    if (e >= 0) return e;
  }
  // [^\r\n\p{L}\p{N}]?+\p{L}++ : the optional code point is never a letter, so possessive = greedy
  if (k == LETTER) return runOf(i + w, LETTER);
  if (k != NEWLINE && k != NUMBER && i + w < end && classAt(i + w) == LETTER) return runOf(i + w, LETTER);
  // \p{N}{1,3}+
  if (k == NUMBER) return digits(i + w);
  //  ?[^\s\p{L}\p{N}]++[\r\n]*+
  const s = punctStart(i, c, k);
  if (s >= 0) return runOf(runOf(s, OTHER), NEWLINE);
  return spaceChunk(i, true);
}

/** The end of the gpt2 chunk starting at i, code point by code point (any text). */
function gpt2Exact(i: i32): i32 {
  const c = cpAt(i);
  const w = width;
  const k = classOf(c) & CLASS;
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

/** End of the run of code points with case bit `bit` (UPPER or LOWER) starting at i. */
function runOfCase(i: i32, bit: u8): i32 {
  while (i < end && (flagsAt(i) & bit) != 0) i += width;
  return i;
}

/** o200k's [UPPER]*[LOWER]+ at j, as a backtracking regex matches it: its end, or -1. */
function upperLower(j: i32): i32 {
  // [UPPER]* takes its whole run; if a LOWER follows, [LOWER]+ takes that run. Otherwise [UPPER]*
  // gives back code points until [LOWER]+ can match one: the run's last code point that is both.
  let lastBoth = -1;
  let u = j;
  while (u < end) {
    const f = flagsAt(u);
    if ((f & UPPER) == 0) {
      if ((f & LOWER) != 0) return runOfCase(u, LOWER);
      break;
    }
    u += width;
    if ((f & LOWER) != 0) lastBoth = u;
  }
  return lastBoth;
}

/** o200k's [UPPER]+[LOWER]* at j: its end, or -1. */
function upperThenLower(j: i32): i32 {
  const u = runOfCase(j, UPPER);
  return u == j ? -1 : runOfCase(u, LOWER);
}

/** The end of the o200k chunk starting at i, code point by code point (any text). */
function o200kExact(i: i32): i32 {
  const c = cpAt(i);
  const w = width;
  const f = classOf(c);
  const k = f & CLASS;
  // 1. [^\r\n\p{L}\p{N}]?[UPPER]*[LOWER]+C?  2. [^\r\n\p{L}\p{N}]?[UPPER]+[LOWER]*C?
  // each tried with the optional code point, then without it (it can be a mark, which is in both)
  const optional = k != LETTER && k != NUMBER && k != NEWLINE;
  const cased = (f & (UPPER | LOWER)) != 0;
  if (cased || (optional && i + w < end)) {
    let e = optional && i + w < end ? upperLower(i + w) : -1;
    if (e < 0 && cased) e = upperLower(i);
    if (e < 0 && optional && i + w < end) e = upperThenLower(i + w);
    if (e < 0 && (f & UPPER) != 0) e = upperThenLower(i);
    if (e >= 0) {
      if (e < end && load<u8>(base + <usize>e) == 0x27) {
        const x = contraction(e, true); // (?i:'s|'t|'re|'ve|'m|'ll|'d): cl100k's set, caseless
        if (x >= 0) return x;
      }
      return e;
    }
  }
  // 3. \p{N}{1,3}
  if (k == NUMBER) return digits(i + w);
  // 4.  ?[^\s\p{L}\p{N}]+[\r\n/]*
  const s = punctStart(i, c, k);
  if (s >= 0) {
    let e = runOf(s, OTHER);
    while (e < end) {
      const b = load<u8>(base + <usize>e);
      if (b != 0x0a && b != 0x0d && b != 0x2f) break;
      e++;
    }
    return e;
  }
  if (k != SPACE && k != NEWLINE) return i + w; // unreachable: every code point matches one of the above
  // 5. \s*[\r\n]+ : \s* backs off to the run's last \r or \n, and [\r\n]+ takes just it
  // 6. \s+(?!\S) : at the end of the text the whole run; else all but its last code point
  // 7. \s+ : a single white-space code point before non-space
  const j = runOfSpace(i);
  if (runLastNewline >= 0) return runLastNewline + 1;
  if (j == end) return j;
  return runLast > i ? runLast : j;
}

// --- the ASCII fast path ---------------------------------------------------------------------------
// Most chunks of most text are ASCII. There a chunk's shape follows from the byte classes alone, read
// from asciiAt with no UTF-8 decoding and no `width` bookkeeping. Whenever a non-ASCII byte turns up
// inside the chunk or the lookahead that decides it, the chunk is scanned again from its start by
// the exact scanner above (runs of one class are instead continued by runOf, which is the same).
// An apostrophe at a chunk's start (the contractions) also goes to the exact scanner.

const NOTHING: u8 = 0x40; // flags "past the end of the text": equal to no class

@inline function byteAt(i: i32): u32 {
  return <u32>load<u8>(base + <usize>i);
}

/** The class of the byte at i, NONASCII for 0x80..0xFF, NOTHING at the end. */
@inline function kindAt(i: i32): u8 {
  return i < end ? asciiFlags(byteAt(i)) & (CLASS | NONASCII) : NOTHING;
}

/** runOf, not inlined: the fast path's loops stay small. */
function runOfFrom(i: i32, cls: u8): i32 {
  return runOf(i, cls);
}

/** End of the run of class cls at i: ASCII bytes here, continued by runOf from a non-ASCII byte. */
@inline function fastRun(i: i32, cls: u8): i32 {
  while (i < end) {
    const f = asciiFlags(byteAt(i)) & (CLASS | NONASCII);
    if (f != cls) return f == NONASCII ? runOfFrom(i, cls) : i;
    i++;
  }
  return i;
}

// ASCII letters are A-Z and a-z in every Unicode version (the class table agrees), so a letter run
// can be found 8 bytes at a time: byte b is a letter when (b | 0x20) is in 0x61..0x7a, tested in all
// eight lanes of a word at once (the high bits cleared first, so no lane carries into the next), and
// the run ends at the lowest lane that is not a letter: no branch per byte, none mispredicted at a
// word's end.
const LANES_LOW: u64 = 0x7f7f7f7f7f7f7f7f;
const LANES_HIGH: u64 = 0x8080808080808080;

/** The lanes (high bit of each byte) of w that are not ASCII letters. */
@inline function notLetters(w: u64): u64 {
  const x = w | 0x2020202020202020; // A-Z -> a-z
  const y = x & LANES_LOW;
  const atLeastA = y + 0x1f1f1f1f1f1f1f1f; // lane >= 0x80 iff y >= 0x61
  const pastZ = y + 0x0505050505050505; // lane >= 0x80 iff y >= 0x7b
  return ~(atLeastA & ~pastZ & ~x) & LANES_HIGH; // x's high bit: not ASCII
}

/** fastRun(i, LETTER), a word at a time while 8 bytes are left before the end. */
@inline function fastLetters(i: i32): i32 {
  while (i + 8 <= end) {
    const stop = notLetters(load<u64>(base + <usize>i));
    if (stop != 0) {
      i += <i32>(ctz(stop) >> 3);
      return byteAt(i) < 0x80 ? i : runOfFrom(i, LETTER);
    }
    i += 8;
  }
  return fastRun(i, LETTER);
}

/** The ASCII white-space run at i (like runOfSpace: sets runLast, runLastNewline), or -1 at a non-ASCII byte. */
@inline function fastSpace(i: i32): i32 {
  let last = i;
  let lastNewline = -1;
  let j = i;
  while (j < end) {
    const f = asciiFlags(byteAt(j)) & (CLASS | NONASCII);
    if (f == NEWLINE) lastNewline = j;
    else if (f != SPACE) {
      if (f == NONASCII) return -1;
      break;
    }
    last = j;
    j++;
  }
  runLast = last;
  runLastNewline = lastNewline;
  return j;
}

/** \p{N}{1,3} at i (an ASCII digit, next of kind n): its end, or -1 at a non-ASCII byte. */
@inline function fastDigits(i: i32, n: u8): i32 {
  if (n != NUMBER) return n == NONASCII ? -1 : i + 1;
  const t = kindAt(i + 2);
  if (t == NONASCII) return -1;
  return t == NUMBER ? i + 3 : i + 2;
}

/** The end of the cl100k chunk starting at i. */
function cl100kChunk(i: i32): i32 {
  const b = byteAt(i);
  const k = asciiFlags(b) & (CLASS | NONASCII);
  if (k == LETTER) return fastLetters(i + 1);
  if (k == NONASCII || b == 0x27) return cl100kExact(i);
  const n = kindAt(i + 1);
  if (n == NONASCII) return cl100kExact(i);
  // [^\r\n\p{L}\p{N}]?+\p{L}++
  if (n == LETTER && k != NEWLINE && k != NUMBER) return fastLetters(i + 2);
  // \p{N}{1,3}+
  if (k == NUMBER) {
    const e = fastDigits(i, n);
    return e < 0 ? cl100kExact(i) : e;
  }
  //  ?[^\s\p{L}\p{N}]++[\r\n]*+
  if (k == OTHER) return fastRun(fastRun(i + 1, OTHER), NEWLINE);
  if (b == 0x20 && n == OTHER) return fastRun(fastRun(i + 2, OTHER), NEWLINE);
  // white space: \s++$ | \s*[\r\n] | \s+(?!\S) | \s
  const j = fastSpace(i);
  if (j < 0) return cl100kExact(i);
  if (j == end) return j;
  if (runLastNewline >= 0) return runLastNewline + 1;
  return runLast > i ? runLast : i + 1;
}

/** The end of the gpt2 chunk starting at i. */
function gpt2Chunk(i: i32): i32 {
  const b = byteAt(i);
  const k = asciiFlags(b) & (CLASS | NONASCII);
  if (k == NONASCII || b == 0x27) return gpt2Exact(i);
  //  ?\p{L}++ |  ?\p{N}++ |  ?[^\s\p{L}\p{N}]++
  if (k == LETTER) return fastLetters(i + 1);
  if (k == NUMBER || k == OTHER) return fastRun(i + 1, k);
  const n = kindAt(i + 1);
  if (n == NONASCII) return gpt2Exact(i);
  if (b == 0x20 && n == LETTER) return fastLetters(i + 2);
  if (b == 0x20 && (n == NUMBER || n == OTHER)) return fastRun(i + 2, n);
  // white space: \s++$ | \s+(?!\S) | \s
  const j = fastSpace(i);
  if (j < 0) return gpt2Exact(i);
  if (j == end) return j;
  return runLast > i ? runLast : i + 1;
}

/**
 * o200k's [UPPER]*[LOWER]+ | [UPPER]+[LOWER]* at j (an ASCII letter) over ASCII letters, which are
 * UPPER or LOWER, never both: its end, or -1 where the exact scanner must decide (a non-ASCII byte,
 * a letter with both bits or neither).
 */
@inline function fastCase(j: i32): i32 {
  let u = j;
  let f: u8 = NOTHING;
  while (u < end) {
    f = asciiFlags(byteAt(u)) & (UPPER | LOWER | NONASCII);
    if (f != UPPER) break;
    u++;
  }
  let l = u;
  while (l < end) {
    f = asciiFlags(byteAt(l)) & (UPPER | LOWER | NONASCII);
    if (f != LOWER) break;
    l++;
  }
  if (l < end && (f & NONASCII || f == (UPPER | LOWER))) return -1;
  if (l > u) return l;
  return u > j ? u : -1;
}

/** The end of the o200k chunk starting at i. */
function o200kChunk(i: i32): i32 {
  const b = byteAt(i);
  const f = asciiFlags(b);
  if (f & NONASCII) return o200kExact(i);
  const k = f & CLASS;
  const n = kindAt(i + 1);
  if (n == NONASCII || (k != LETTER && (f & (UPPER | LOWER)) != 0)) return o200kExact(i);
  // [^\r\n\p{L}\p{N}]?[UPPER]*[LOWER]+C? | [^\r\n\p{L}\p{N}]?[UPPER]+[LOWER]*C?
  let e: i32 = 0;
  if (k == LETTER) e = fastCase(i);
  else if (n == LETTER && k != NUMBER && k != NEWLINE) e = fastCase(i + 1);
  else e = -2; // no letter here
  if (e == -1) return o200kExact(i);
  if (e >= 0) {
    if (e < end && byteAt(e) == 0x27) {
      const x = contraction(e, true);
      if (x >= 0) return x;
    }
    return e;
  }
  // \p{N}{1,3}
  if (k == NUMBER) {
    const d = fastDigits(i, n);
    return d < 0 ? o200kExact(i) : d;
  }
  //  ?[^\s\p{L}\p{N}]+[\r\n/]*
  let s = -1;
  if (k == OTHER) s = i;
  else if (b == 0x20 && n == OTHER) s = i + 1;
  if (s >= 0) {
    let p = fastRun(s + 1, OTHER);
    while (p < end) {
      const c = byteAt(p);
      if (c != 0x0a && c != 0x0d && c != 0x2f) break;
      p++;
    }
    return p;
  }
  if (k != SPACE && k != NEWLINE) return o200kExact(i); // a letter-like class fastCase left alone
  // \s*[\r\n]+ | \s+(?!\S) | \s+
  const j = fastSpace(i);
  if (j < 0) return o200kExact(i);
  if (runLastNewline >= 0) return runLastNewline + 1;
  if (j == end) return j;
  return runLast > i ? runLast : j;
}

const batchEnds = memory.data(table.BATCH << 2, 4); // countText: the ends of a batch of chunks (i32)

export const CL100K: i32 = boundary.SCANNER_CL100K;
export const GPT2: i32 = boundary.SCANNER_GPT2;
export const O200K: i32 = boundary.SCANNER_O200K;

/** Starts scanning ptr[0..len) chunk by chunk with chunkEnd (the encoder's way: no length array). */
export function begin(ptr: usize, len: i32): void {
  base = ptr;
  end = len;
}

/** The end of the chunk starting at i (< len) of the text given to begin(). */
@inline export function chunkEnd(i: i32, pattern: i32): i32 {
  return pattern == CL100K ? cl100kChunk(i) : pattern == O200K ? o200kChunk(i) : gpt2Chunk(i);
}

/**
 * Splits the UTF-8 text at ptr[0..len) and adds every chunk to the chunk table (count 1 each).
 * Returns the number of chunks, or table.ERR_TOO_BIG.
 */
export function countText(ptr: usize, len: i32, pattern: i32): i32 {
  base = ptr;
  end = len;
  let n = 0;
  // chunks go to the table in batches (table.addRun), their ends gathered here
  for (let i = 0; i < len; ) {
    const from = i;
    let k = 0;
    for (; k < table.BATCH && i < len; k++) {
      i = chunkEnd(i, pattern);
      store<i32>(batchEnds + (<usize>k << 2), i);
    }
    if (table.addRun(ptr, from, batchEnds, k) < 0) return table.ERR_TOO_BIG;
    n += k;
  }
  return n;
}

/** Splits like countText but writes each chunk's byte length (u32) at out instead. Returns the count. */
export function splitText(ptr: usize, len: i32, pattern: i32, out: usize): i32 {
  base = ptr;
  end = len;
  let n = 0;
  for (let i = 0; i < len; ) {
    const e = chunkEnd(i, pattern);
    store<u32>(out + (<usize>n << 2), e - i);
    n++;
    i = e;
  }
  return n;
}

/** Bytes of ptr[0..len) that are not valid UTF-8 (each would decode to U+FFFD). */
export function invalidBytes(ptr: usize, len: i32): i32 {
  base = ptr;
  end = len;
  let n = 0;
  let i = 0;
  while (i < len) {
    if (i + 8 <= len && (load<u64>(ptr + <usize>i) & 0x8080808080808080) == 0) {
      i += 8;
      continue;
    }
    const b = <u32>load<u8>(ptr + <usize>i);
    if (b < 0x80) {
      i++;
      continue;
    }
    const cp = cpMulti(i, b);
    if (cp == 0xfffd && !(width == 3 && b == 0xef)) n += width; // EF BF BD is a real U+FFFD
    i += width;
  }
  return n;
}
