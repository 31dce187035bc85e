/**
 * Pre-tokenization: split a document into chunks exactly as tiktoken does, in JavaScript regex.
 *
 * tiktoken matches with fancy-regex, whose `\s` is Unicode White_Space and whose `\p{..}` tables are
 * those of the Rust regex crate it was built with (Unicode 16.0 in tiktoken 0.14). JavaScript's `\s`
 * differs (it has U+FEFF, lacks U+0085) and its `\p{..}` follows the engine's ICU, whose Unicode
 * version varies by release (Node 20.20 has 17.0), so every class here is spelled out from
 * UNICODE_TABLES: the same chunks on every engine, and tiktoken's. The tables and test/fixtures/pretokenize/ come
 * from scripts/gen-pretokenize-fixtures.py, which checks every expected split against tiktoken.
 *
 * Translation notes (JS has no possessive quantifiers, atomic groups or `(?i:...)` before V8 12.5):
 * - cl100k `[^\r\n\p{L}\p{N}]?+\p{L}++`: the optional char is never a letter, so giving it back
 *   cannot let `\p{L}+` match; possessive = greedy here. Likewise `\p{N}{1,3}+`, `\p{L}++` and
 *   `[^\s\p{L}\p{N}]++[\r\n]*+` end their alternative (nothing after them can fail), and in `\s++$`
 *   a shorter run cannot reach the end either: all become plain greedy quantifiers.
 * - `\s+(?!\S)` and `\s*[\r\n]` backtrack in fancy-regex too and are kept as they are.
 * - `$` is end of text in Rust (Python's `$` also matches before a final "\n"); JS `$` without the
 *   m flag is end of text.
 * - `(?i:...)` becomes explicit alternatives. fancy-regex folds case by Unicode simple case folding:
 *   `s` also matches U+017F LONG S (`'ſ` is a contraction); no other letter of the contractions has
 *   an extra fold (U+212A KELVIN folds to k, U+0130 to nothing, and neither letter occurs).
 * - o200k's second alternative `P?[upper]+[lower]*C?` is only tried, at each start, after the first
 *   `P?[upper]*[lower]+C?` failed there; then the char after the upper run is not in [lower], so its
 *   `[lower]*` can only match nothing and is dropped. That keeps the source under V8's 20 KiB limit
 *   for optimizing a regex (kRegExpTooLargeToOptimize); past it o200k ran 4x slower.
 * - A lone surrogate is "other" (not space, letter, digit or mark), as is the U+FFFD tiktoken puts
 *   in its place.
 */
import { UsageError } from "./errors.js";
import { indexOfByte } from "./find-byte.js";

/** A --pattern that is neither a built-in name nor a valid regex: a usage error (exit 2 in the CLI). */
export class PatternError extends UsageError {
  override name = "PatternError";
}

export type PatternName = "gpt2" | "cl100k" | "o200k" | "none";
type BuiltinName = Exclude<PatternName, "none">;
type UnicodeClass = "L" | "N" | "M" | "Ll" | "LuLt" | "White_Space";
type Ranges = Array<[number, number]>; // inclusive code point ranges, sorted, disjoint

// 1. Character classes, built from the tables at the end of this file.

function decodeRanges(compact: string): Ranges {
  const ranges: Ranges = [];
  let prev = -1;
  for (const pair of compact.split(" ")) {
    const [gap, extra] = pair.split(",").map((n) => parseInt(n, 36)) as [number, number];
    const start = prev + 1 + gap;
    prev = start + extra;
    ranges.push([start, prev]);
  }
  return ranges;
}

/** Set algebra on range lists: the code points for which keep(in a, in b) holds. */
function combine(a: Ranges, b: Ranges, keep: (inA: boolean, inB: boolean) => boolean): Ranges {
  const cuts = [...new Set([...a, ...b].flatMap(([s, e]) => [s, e + 1]))].sort((x, y) => x - y);
  const out: Ranges = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = cuts[k]!; // membership is constant on [from, cuts[k + 1] - 1]
    while (i < a.length && a[i]![1] < from) i++;
    while (j < b.length && b[j]![1] < from) j++;
    if (!keep(i < a.length && a[i]![0] <= from, j < b.length && b[j]![0] <= from)) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === from - 1) last[1] = cuts[k + 1]! - 1;
    else out.push([from, cuts[k + 1]! - 1]);
  }
  return out;
}

// Characters are written as themselves, not as \u{..}, to stay under V8's 20 KiB optimization
// limit (see the notes at the top): with escapes o200k's source was 106 KiB and 4.5x slower.
const char = (c: number): string => {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `\\u{${c.toString(16)}}`;
  const ch = String.fromCodePoint(c);
  return "\\]-[^".includes(ch) ? `\\${ch}` : ch;
};
const body = (r: Ranges): string => r.map(([s, e]) => (s === e ? char(s) : `${char(s)}-${char(e)}`)).join("");

/** tiktoken's character classes, as compact range lists (see unicodeTables() at the end). */
export const UNICODE_TABLES: Readonly<Record<UnicodeClass, string>> = unicodeTables();

/**
 * A value made on first use. The classes below and the regexes built from them take ~40 ms to make
 * (every thread that imports this file: each tokenize worker): the core's scanner needs only the
 * range lists, the JS path only the regex of its pattern.
 */
function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

const tables = lazy(
  () => Object.fromEntries(Object.entries(UNICODE_TABLES).map(([k, v]) => [k, decodeRanges(v)])) as Record<UnicodeClass, Ranges>,
);
/** The same classes as inclusive code point ranges (for the WebAssembly scanner's class table). */
export function unicodeRanges(cls: UnicodeClass): ReadonlyArray<readonly [number, number]> {
  return tables()[cls];
}
const letterOrMark = lazy(() => combine(tables().L, tables().M, (l, m) => l || m));
const cases = lazy(() => ({
  upper: combine(letterOrMark(), tables().Ll, (lm, ll) => lm && !ll), // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
  lower: combine(letterOrMark(), tables().LuLt, (lm, up) => lm && !up), // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
}));
/** o200k's two case classes as inclusive code point ranges (for the WebAssembly scanner). */
export function caseRanges(): { upper: Ranges; lower: Ranges } {
  return cases();
}
/** The classes' regex bodies (o200k's case classes apart: only its pattern needs them). */
const bodies = lazy(() => ({ WS: body(tables().White_Space), L: body(tables().L), N: body(tables().N) }));
const caseBodies = lazy(() => ({ UPPER: body(cases().upper), LOWER: body(cases().lower) }));

// Unicode simple case folding of the contraction letters, as fancy-regex applies it.
const FOLDS: Record<string, string> = { s: "sSſ", d: "dD", m: "mM", t: "tT", l: "lL", v: "vV", r: "rR", e: "eE" };
const caseless = (word: string): string => [...word].map((c) => (FOLDS[c] ? `[${FOLDS[c]}]` : c)).join("");

// 2. The patterns.

const CONTRACTIONS_O200K = `(?:${["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"].map(caseless).join("|")})?`;

/** A built-in pattern's JavaScript translation (made on first use: see lazy()). */
function jsSource(name: BuiltinName): string {
  const { WS, L, N } = bodies();
  switch (name) {
    case "gpt2":
      return [
        `'(?:[sdmt]|ll|ve|re)`,
        ` ?[${L}]+`,
        ` ?[${N}]+`,
        ` ?[^${WS}${L}${N}]+`,
        `[${WS}]+$`,
        `[${WS}]+(?![^${WS}])`,
        `[${WS}]`,
      ].join("|");
    case "cl100k":
      return [
        `'(?:${caseless("s")}|${caseless("d")}|${caseless("m")}|${caseless("t")}|${caseless("ll")}|${caseless("ve")}|${caseless("re")})`,
        `[^\\r\\n${L}${N}]?[${L}]+`,
        `[${N}]{1,3}`,
        ` ?[^${WS}${L}${N}]+[\\r\\n]*`,
        `[${WS}]+$`,
        `[${WS}]*[\\r\\n]`,
        `[${WS}]+(?![^${WS}])`,
        `[${WS}]`,
      ].join("|");
    case "o200k": {
      const { UPPER, LOWER } = caseBodies();
      return [
        `[^\\r\\n${L}${N}]?[${UPPER}]*[${LOWER}]+${CONTRACTIONS_O200K}`,
        `[^\\r\\n${L}${N}]?[${UPPER}]+${CONTRACTIONS_O200K}`, // [\p{Ll}..]* dropped: see the notes at the top
        `[${N}]{1,3}`,
        ` ?[^${WS}${L}${N}]+[\\r\\n/]*`,
        `[${WS}]*[\\r\\n]+`,
        `[${WS}]+(?![^${WS}])`,
        `[${WS}]+`,
      ].join("|");
    }
  }
}

const TIKTOKEN_SOURCES: Record<BuiltinName, string> = {
  gpt2: String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`,
  cl100k: String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`,
  o200k: [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
    String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join("|"),
};

/** The built-in patterns: tiktoken's original string and its exact JavaScript translation. */
export const PATTERNS: Record<BuiltinName, { readonly tiktoken: string; readonly js: RegExp }> = {
  gpt2: builtinPattern("gpt2"),
  cl100k: builtinPattern("cl100k"),
  o200k: builtinPattern("o200k"),
};

/** A built-in pattern: its regex compiled on first use (one RegExp per pattern, as before). */
function builtinPattern(name: BuiltinName): { readonly tiktoken: string; readonly js: RegExp } {
  const js = lazy(() => new RegExp(jsSource(name), "gu"));
  return {
    tiktoken: TIKTOKEN_SOURCES[name],
    get js() {
      return js();
    },
  };
}

const ALIASES = new Map<string, BuiltinName>([
  ["gpt2", "gpt2"],
  ["r50k_base", "gpt2"],
  ["p50k_base", "gpt2"],
  ["cl100k", "cl100k"],
  ["cl100k_base", "cl100k"],
  ["o200k", "o200k"],
  ["o200k_base", "o200k"],
  ...Object.entries(TIKTOKEN_SOURCES).map(([name, source]) => [source, name] as [string, BuiltinName]),
]);

/**
 * "none" (regex null), a built-in name (or its tiktoken encoding name, or tiktoken's exact pattern
 * string, as tokenizer files store it), or else a custom JavaScript regex source compiled with "gu".
 * `source` is the pattern as other tools write it: tiktoken's string for a built-in.
 */
const isAsciiAlnum = (b: number) => (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);

/**
 * Whether every built-in pattern (cl100k, gpt2, o200k) ends a chunk right before the space at index i
 * of data, a space between two ASCII letters or digits ("a b", "2 b", "a 2"): a letter run,
 * contraction or number ends there and the space starts the next chunk (" b"; " " then "2"). Text
 * files are read in pieces cut there, and the encoder cuts long texts there (data[i - 1..i + 1] exist).
 */
export const isSpaceCut = (data: Uint8Array, i: number): boolean => isAsciiAlnum(data[i - 1]) && isAsciiAlnum(data[i + 1]);

/**
 * The first space cut (isSpaceCut) at index >= from (1 <= from) that data decides, or -1. `escaped`:
 * data is a JSON string's body (escapes as stored), where the byte before the space must be a
 * character of its own, not the end of an escape ("\n", "\u00e9"): no backslash in the 5 bytes
 * before it (a "\\" there rules a cut out too: rarer, and never wrong).
 */
export function nextSpaceCut(data: Uint8Array, from: number, escaped: boolean): number {
  for (let i = indexOfByte(data, 0x20, from); i !== -1 && i + 1 < data.length; i = indexOfByte(data, 0x20, i + 1)) {
    if (i < 1 || !isSpaceCut(data, i)) continue;
    if (escaped && (data[i - 2] === 0x5c || data[i - 3] === 0x5c || data[i - 4] === 0x5c || data[i - 5] === 0x5c || data[i - 6] === 0x5c)) continue;
    return i;
  }
  return -1;
}

export function resolvePattern(pattern: string): { name: string; source: string; regex: RegExp | null } {
  if (pattern === "none") return { name: "none", source: "", regex: null };
  const builtin = ALIASES.get(pattern);
  if (builtin !== undefined) {
    const known = PATTERNS[builtin];
    // the regex is compiled when asked for: the core's scanner splits the built-in patterns without it
    return {
      name: builtin,
      source: known.tiktoken,
      get regex() {
        return known.js;
      },
    };
  }
  return { name: "custom", source: pattern, regex: compileCustom(pattern) };
}

function compileCustom(pattern: string): RegExp {
  const fail = (why: string): never => {
    throw new PatternError(
      `The pattern ${JSON.stringify(pattern)} is not gpt2, cl100k, o200k, none or a valid JavaScript regular expression (${why}).`,
    );
  };
  if (pattern === "") fail("it is empty; none keeps each document whole");
  try {
    return new RegExp(pattern, "gu");
  } catch (err) {
    return fail((err as Error).message);
  }
}

// 3. Splitting.

/** A private copy of the regex with the g flag (and not y): callers may share one RegExp object. */
function globalCopy(regex: RegExp): RegExp {
  const flags = regex.flags.replace("y", "");
  return new RegExp(regex, flags.includes("g") ? flags : flags + "g");
}

const isUnicode = (re: RegExp): boolean => /[uv]/.test(re.flags);

/** Where to resume after an empty match: the next code point. */
function stepOver(text: string, at: number, unicode: boolean): number {
  const c = text.charCodeAt(at);
  const pair = unicode && c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
  return at + (pair ? 2 : 1);
}

/**
 * The regex's matches as chunks, in order. The built-in patterns tile the text; with a custom regex
 * each stretch it does not match is a chunk of its own (HuggingFace's Split with "isolated"), so no
 * text is ever dropped. Empty matches are skipped.
 */
export function* splitChunks(text: string, regex: RegExp | null): Generator<string> {
  if (regex === null) {
    if (text.length > 0) yield text;
    return;
  }
  const re = globalCopy(regex);
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex = stepOver(text, re.lastIndex, isUnicode(re));
      continue;
    }
    if (m.index > at) yield text.slice(at, m.index);
    yield m[0];
    at = m.index + m[0].length;
  }
  if (at < text.length) yield text.slice(at);
}

/** The ends (UTF-16 offsets) of splitChunks' chunks, without making the strings. */
export function* chunkEnds(text: string, regex: RegExp | null): Generator<number> {
  if (regex === null) {
    if (text.length > 0) yield text.length;
    return;
  }
  const re = globalCopy(regex);
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex = stepOver(text, re.lastIndex, isUnicode(re));
      continue;
    }
    if (m.index > at) yield m.index;
    at = m.index + m[0].length;
    yield at;
  }
  if (at < text.length) yield text.length;
}

// 3b. Bytes. A document's bytes are split as their lossy decoding is (each maximal invalid
// subsequence is one U+FFFD, as TextDecoder places it), and each chunk is the original bytes.

const lossyDecoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a leading U+FEFF is content

/** The text TextDecoder makes of bytes: U+FFFD for each maximal invalid subsequence, a BOM kept. */
export function decodeLossy(data: Uint8Array): string {
  return lossyDecoder.decode(data);
}

/**
 * The UTF-8 sequence at data[i] (lead byte b0 >= 0x80), as the WHATWG decoder reads it: its width in
 * bytes, negative for a maximal invalid subsequence (which decodes to one U+FFFD).
 */
function sequenceAt(data: Uint8Array, i: number, b0: number): number {
  if (b0 < 0xc2 || b0 > 0xf4) return -1;
  const need = b0 < 0xe0 ? 1 : b0 < 0xf0 ? 2 : 3;
  let lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  let hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  for (let k = 1; k <= need; k++) {
    const b = data[i + k];
    if (b === undefined || b < lo || b > hi) return -k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

/** Bytes of data that are not valid UTF-8 (each maximal invalid subsequence counted whole). */
export function invalidUtf8(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length; ) {
    const b0 = data[i];
    if (b0 < 0x80) {
      i++;
      continue;
    }
    const w = sequenceAt(data, i, b0);
    if (w < 0) n -= w;
    i += Math.abs(w);
  }
  return n;
}

/** Maps increasing UTF-16 offsets of decodeLossy(data) back to byte offsets in data. */
export class ByteOffsets {
  private unit = 0;
  private byte = 0;
  constructor(private readonly data: Uint8Array) {}

  /** The byte offset of UTF-16 offset `unit` (never less than the last one asked for). */
  at(unit: number): number {
    const data = this.data;
    let u = this.unit;
    let b = this.byte;
    while (u < unit) {
      const b0 = data[b];
      if (b0 < 0x80) {
        u++;
        b++;
        continue;
      }
      const w = sequenceAt(data, b, b0);
      u += w === 4 ? 2 : 1; // four valid bytes are a surrogate pair; an invalid sequence is one U+FFFD
      b += Math.abs(w);
    }
    this.unit = u;
    this.byte = b;
    return b;
  }
}

/**
 * The chunks of a byte document: splitChunks of its lossy decoding, each as the original bytes
 * (subarrays of data). Invalid UTF-8 is kept byte for byte.
 */
export function* splitBytes(data: Uint8Array, regex: RegExp | null): Generator<Uint8Array> {
  if (regex === null) {
    if (data.length > 0) yield data;
    return;
  }
  const text = decodeLossy(data);
  const same = text.length === data.length; // then every code point is one byte: offsets are equal
  const offsets = new ByteOffsets(data);
  let at = 0;
  for (const end of chunkEnds(text, regex)) {
    const b = same ? end : offsets.at(end);
    yield data.subarray(at, b);
    at = b;
  }
}

// 4. Streaming.

const builtinRegexes = lazy(() => new Set<RegExp>(Object.values(PATTERNS).map((p) => p.js)));
const streamClasses = lazy(() => ({
  whiteSpace: new RegExp(`[${bodies().WS}\\s]`, "uy"), // Unicode's and JavaScript's white space
  letterOrMark: new RegExp(`[${body(letterOrMark())}\\p{L}\\p{M}]`, "uy"),
  digit: new RegExp(`[${bodies().N}\\p{N}]`, "uy"),
}));

/** Start of the run of `cls` characters that ends at `end`. */
function runStart(text: string, end: number, cls: RegExp): number {
  let i = end;
  while (i > 0) {
    const pair = i >= 2 && (text.charCodeAt(i - 1) & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800;
    cls.lastIndex = pair ? i - 2 : i - 1;
    if (!cls.test(text)) break;
    i = pair ? i - 2 : i - 1;
  }
  return i;
}

/**
 * Streaming: documents may arrive in pieces; cutting a document anywhere must not change the chunks.
 *
 * push() returns the chunks that no continuation of the document can change; end() returns the rest
 * and readies the splitter for the next document. A match is final when the matcher cannot have
 * looked at the end of the buffer while finding it. The built-in patterns look past a match only
 * through one run of white space (`\s*[\r\n]`, `\s+(?!\S)`, `\s++$`) or of letters and marks
 * (o200k's case classes backtrack through it), and otherwise at most 2 code points (`'ll` after a
 * word), so a match is final if it ends before the buffer's trailing white-space run, before its
 * trailing letter/mark run, and at least 8 code units before its end. A custom regex is assumed to
 * look no farther than that, or than 256 code units, or through a trailing run of digits.
 */
export class ChunkSplitter {
  private readonly regex: RegExp | null;
  private readonly margin: number;
  private pending = "";

  constructor(regex: RegExp | null) {
    this.regex = regex === null ? null : globalCopy(regex);
    this.margin = regex === null || builtinRegexes().has(regex) ? 8 : 256;
  }

  push(piece: string): string[] {
    this.pending += piece;
    if (this.regex === null) return [];
    // A trailing high surrogate may pair with the next piece: hold it back, unmatched.
    const last = this.pending.charCodeAt(this.pending.length - 1);
    const text = (last & 0xfc00) === 0xd800 ? this.pending.slice(0, -1) : this.pending;
    const limit = this.finalLimit(text);
    const chunks: string[] = [];
    let done = 0;
    const re = this.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && re.lastIndex <= limit; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex = stepOver(text, re.lastIndex, isUnicode(re));
        continue;
      }
      if (m.index > done) chunks.push(text.slice(done, m.index)); // a custom pattern's gap: a chunk too
      chunks.push(m[0]);
      done = re.lastIndex;
    }
    this.pending = this.pending.slice(done);
    return chunks;
  }

  end(): string[] {
    const text = this.pending;
    this.pending = "";
    return [...splitChunks(text, this.regex)];
  }

  /** The largest end a match may have and be final, whatever text follows. */
  private finalLimit(text: string): number {
    const classes = streamClasses();
    let limit = text.length - this.margin;
    limit = Math.min(limit, runStart(text, text.length, classes.whiteSpace) - 1);
    limit = Math.min(limit, runStart(text, text.length, classes.letterOrMark) - 1);
    if (this.margin > 8) limit = Math.min(limit, runStart(text, text.length, classes.digit) - 1);
    return limit;
  }
}

// 5. Tables.

/**
 * tiktoken 0.14's character classes (fancy-regex, Unicode 16.0), probed code point by code point by
 * scripts/gen-pretokenize-fixtures.py: base-36 "gap,length-1" pairs, each gap counted from the end
 * of the previous range (so "9,4 i,0" is U+0009..U+000D, U+0020). LuLt is [\p{Lu}\p{Lt}].
 */
function unicodeTables(): Record<UnicodeClass, string> {
  return {
    L: [
      "1t,p 6,p 1b,0 a,0 4,0 5,m 1,u 1,cp 4,b e,4 7,0 1,0 3l,4 1,1 2,3 1,0 6,0 1,2 1,0 1,j 1,2a 1,3u 8,4l",
      "1,11 2,0 6,14 1z,q 4,3 19,16 z,1 1,2q 1,0 f,1 7,1 a,2 2,0 g,0 1,t t,2g b,0 o,w 9,1 4,0 5,l 4,0 9,0",
      "3,0 n,o 7,a 5,n 1,5 h,15 1m,1h 3,0 i,0 7,9 f,f 4,7 2,1 2,l 1,6 1,0 3,3 3,0 g,0 d,1 1,2 e,1 a,0 8,5",
      "4,1 2,l 1,6 1,1 1,1 1,1 v,3 1,0 j,2 g,8 1,2 1,l 1,6 1,1 1,4 3,0 i,0 f,1 n,0 b,7 2,1 2,l 1,6 1,1 1,4",
      "3,0 u,1 1,2 f,0 h,0 1,5 3,2 1,3 3,1 1,0 1,1 3,1 3,2 3,b m,0 1g,7 1,2 1,m 1,f 3,0 q,2 2,0 2,1 u,0 4,7",
      "1,2 1,m 1,9 1,4 3,0 v,1 1,1 f,1 h,8 1,2 1,14 2,0 g,0 5,2 8,2 o,5 5,h 3,n 1,8 1,0 2,6 1m,1b 1,1 c,6",
      "1m,1 1,0 1,4 1,n 1,0 1,9 1,1 9,0 2,4 1,0 l,3 w,0 1r,7 1,z r,4 37,16 k,0 g,5 4,3 3,0 3,1 7,2 4,c c,0",
      "h,11 1,0 5,0 2,16 1,98 1,3 2,6 1,0 1,3 2,14 1,3 2,w 1,3 2,6 1,0 1,3 2,e 1,1k 1,3 2,1u 11,f g,2d 2,5",
      "3,h7 2,g 1,p 5,22 6,7 7,h d,i e,h e,c 1,2 f,1f z,0 4,0 1v,2g 7,4 2,x 1,0 5,1x a,u 1d,t 2,4 b,17 4,p",
      "1i,m 9,1g 2a,0 2l,1a h,7 1i,t d,1 a,17 q,z 15,2 a,z 2,a 5,16 2,2 15,3 1,5 1,1 3,0 5,5b 1s,7p 2,5",
      "2,11 2,5 2,7 1,0 1,0 1,0 1,u 2,1g 1,6 1,0 3,2 1,6 3,3 2,5 4,c 5,2 1,6 38,0 d,0 g,c 2t,0 4,0 2,9 1,0",
      "3,4 6,0 1,0 1,0 1,3 1,a 2,3 5,4 4,0 1g,1 22j,6c 6,3 3,1 c,11 1,0 5,0 2,1j 7,0 g,m 9,6 1,6 1,6 1,6",
      "1,6 1,6 1,6 1,6 28,0 d1,1 16,4 5,1 4,2d 6,2 1,2h 1,3 5,16 1,2l h,v 1c,f e8,533 1s,h3g 1v,19 2,7g 3,f",
      "a,1 k,1a g,u 2,1x 1d,8 2,2u 2,1u 2,1 1,0 1,7 l,f 1,2 1,3 1,m t,1f e,1d 1q,5 3,0 1,1 b,r a,m p,s 7,1a",
      "s,0 g,4 1,9 a,4 1,14 n,2 1,7 k,m 3,0 3,1d 1,0 3,1 2,4 2,0 1,0 o,2 2,a 7,2 c,5 2,5 2,5 9,6 1,6 1,16",
      "1,d 6,36 t,8mb c,m 4,1c 6is,a5 2,2x 12,6 c,4 5,0 1,9 1,c 1,4 1,0 1,1 1,1 1,2z x,a2 i,1r 2,1h 14,b",
      "38,4 1,3q 10,p 6,p b,2g 3,5 2,5 2,5 2,2 z,b 1,p 1,i 1,1 1,e 2,d y,3e at,s 3,1c 1b,v d,j 1,7 6,11 a,t",
      "2,z 4,7 1c,4d i,z 4,z 4,13 8,1f c,a 1,e 1,6 1,1 1,a 1,e 1,6 1,1 3,1f c,8m 9,l a,7 o,5 1,15 1,8 1x,5",
      "2,0 1,17 1,1 3,0 2,m a,m 9,u 1t,i 1,1 a,l a,p 1y,1j 6,1 1s,0 f,3 1,2 1,s 16,s 3,s z,7 1,r r,1h a,l",
      "a,i d,h 32,20 1j,1e d,1e d,z 12,r 9,m 6y,15 6,1 g,2 1n,s a,0 8,l 16,h 1a,k r,m c,1g 1l,1 2,0 d,18",
      "w,o q,z t,0 2,0 8,y 3,0 c,1b e,3 l,0 1,0 z,h 1,o j,1 1r,6 1,0 1,3 1,e 1,9 7,1a 12,7 2,1 2,l 1,6 1,1",
      "1,4 3,0 i,0 c,4 u,9 1,0 2,0 1,11 1,0 p,0 1,0 18,1g i,3 k,2 u,1b k,1 1,0 54,1a 15,3 10,1b k,0 1n,16",
      "d,0 1z,q 11,6 55,17 38,1r v,7 2,0 2,7 1,1 1,n f,0 1,0 2m,7 2,12 g,0 1,0 s,0 a,13 7,0 l,0 b,19 j,0",
      "i,20 5j,w v,8 1,10 h,0 1d,t 34,6 1,1 1,11 l,0 p,5 1,1 1,v e,0 93,i f,0 1,c 1,x 3g,0 27,pl 6e,5f",
      "218,2o f,tr h,5 p,32y 5,g6 5a1,t 1cy,fs 7,u h,26 h,t i,1b g,3 v,k 5,i c0,18 5v,1r 3k,22 5,0 1u,c",
      "1s,1 1,0 s,4qf 8,yd 15,9 6w7,3 1,6 1,1 1,82 f,0 t,2 2,0 e,3 8,az 1s4,2y 5,c 3,8 7,9 4me,2c 1,1y 1,1",
      "2,0 2,1 2,3 1,b 1,0 1,6 1,1s 1,3 2,7 1,6 1,r 1,3 1,4 1,0 3,6 1,9f 2,o 1,o 1,u 1,o 1,u 1,o 1,u 1,o",
      "1,u 1,o 1,7 1f8,u 6,5 79,1p 42,18 a,6 g,0 8x,t i,17 dg,r 6c,t 2,0 dr,6 1,3 1,1 1,e 1,5g 1n,1v 7,0",
      "xg,3 1,q 1,1 1,0 2,0 1,9 1,3 1,0 1,0 6,0 4,0 1,0 1,0 1,2 1,1 1,0 2,0 1,0 1,0 1,0 1,0 1,1 1,0 2,3 1,6",
      "1,3 1,3 1,0 1,9 1,g 5,2 1,4 1,g 3es,wyn w,37d 6,65 2,4g1 e,5rk f,h9 1wi,f1 15u,3t6 5,38f",
    ].join(" "),
    N: [
      "1c,9 3c,1 5,0 2,2 141,9 3q,9 5i,9 bg,9 3a,9 4,5 30,9 3a,9 3a,9 2,5 32,c 37,9 8,6 2v,9 2w,6 7,i 31,9",
      "2o,9 3a,9 1y,j 7g,9 1y,9 jz,j oh,2 6n,9 6,9 m,9 8c,9 3k,a 4l,9 6,9 52,9 2e,9 3q,9 6,9 t2,0 3,5 6,9",
      "5i,1e 2,4 k6,1n 26,l hi,t 12h,0 ll,0 p,8 e,2 9j,3 3u,9 u,7 1,e w,9 13,e msg,9 58,9 8w,5 4a,9 12,9",
      "5i,9 m,9 2e,9 ba,9 geu,9 dp,18 c,1k h,1 9h,q 10,3 t,0 8,0 3q,4 5m,9 q6,7 p,6 13,8 23,4 m,5 4g,1 2,f",
      "2,19 1s,8 1g,1 u,2 23,4 2w,7 o,7 15,6 96,5 1c,9 6,9 7q,u 4e,9 16,3 34,6 3q,t 3k,9 1o,9 40,9 7,j 6z,9",
      "9i,9 3a,9 ae,9 2u,9 6,j 24,b bo,i 2l,9 ie,9 2e,s 6b,9 1y,9 bq,9 2u,k tn,32 c01,9 1t2,9 2e,9 3q,9 1,6",
      "em,9 7a,m imx,9 152,j c,j 30,o ut,1d 1ts,9 bq,9 dy,9 6v,9 jw,8 3k,9 lz,1m 1,2 1,3 24,18 1,e qq,c",
      "25f,9",
    ].join(" "),
    M: [
      "lc,33 7n,6 7b,18 1,0 1,1 1,1 1,0 20,a 1c,k g,0 2t,6 2,5 2,1 1,3 z,0 u,q 2j,a 1m,8 9,0 o,3 1,8 1,2",
      "1,4 17,2 1n,8 16,n 1,w 1i,2 1,h 1,6 a,1 t,2 1k,0 1,6 2,1 2,2 9,0 a,1 q,0 2,2 1k,0 1,4 4,1 2,2 3,0",
      "u,1 3,0 b,2 1k,0 1,7 1,2 1,2 k,1 m,5 1,2 1k,0 1,6 2,1 2,2 7,2 a,1 u,0 1n,4 3,2 1,3 9,0 14,4 1j,0 1,6",
      "1,2 1,3 7,1 b,1 t,2 1k,0 1,6 1,2 1,3 7,1 b,1 f,0 c,3 1j,1 1,6 1,2 1,3 9,0 a,1 t,2 1y,0 4,5 1,0 1,7",
      "i,1 1p,0 2,6 c,7 2q,0 2,8 b,6 21,1 r,0 1,0 1,0 4,1 1d,j 1,1 5,a 1,z 9,0 2s,j n,3 4,2 1,2 2,6 3,3 d,b",
      "1,0 a,3 jj,2 qa,3 s,2 t,1 u,1 1s,v 9,0 19,2 1,0 39,1 y,0 3a,b 4,b 63,4 1l,9 1,s 2,0 1c,u 1d,4 1b,g",
      "12,8 c,2 u,c 1k,d 1c,j 48,2 1,k 4,0 6,0 2,2 5i,1r k0,w 2da,2 3x,0 2o,v fe,5 2x,1 n9w,3 1,9 w,1 28,1",
      "7k,0 3,0 4,0 n,4 4,0 2b,1 1e,h q,h d,0 12,7 p,c 18,3 1b,d 10,0 1v,d c,0 8,1 19,2 1e,0 1,2 2,1 5,1",
      "1,0 15,4 5,1 6k,7 1,1 fn4,0 kh,f g,f r1,0 6a,0 45,4 1ae,2 1,1 5,3 14,2 4,0 4l,1 fx,3 1t,4 8t,1 27,3",
      "1y,a 1d,3 3e,2 1h,e 15,0 2,1 a,3 19,a 7,0 1p,2 10,d g,1 18,0 c,2 1c,d 8,3 1,1 2k,b 6,0 2,0 4d,b l,3",
      "1j,1 1,6 2,1 2,2 9,0 a,1 2,6 3,4 1v,8 1,0 2,0 1,3 1,4 1,0 e,1 2a,h n,0 29,j 6j,6 2,8 r,1 2a,g 2y,c",
      "2t,e 74,e 6t,5 1,1 2,3 1,0 1,1 3x,6 2,6 3,0 s,9 14,6 1,3 8,0 9,a 1a,f b9,7 1,7 2a,l 1,d 3e,5 3,0 1,1",
      "1,6 1,0 1u,4 1,1 1,4 9n,3 9,1 1,0 1c,6 3,4 n,0 44l,0 6,e 8ug,h 1xc,4 1n,6 t4,0 1,1i 7,3 29,0 b,1",
      "f57,1 3mp,19 2,m f2,4 3,5 8,7 2,6 u,3 44,2 1iz,1i 4,1d 8,0 e,0 m,4 1,e 11s,6 1,g 2,6 1,1 1,4 2s,0",
      "4g,6 af,0 1p,3 e4,3 72,1 kg,6 31,6 gzhx,6n",
    ].join(" "),
    Ll: [
      "2p,p 1m,0 15,n 1,7 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,0 1,0 1,2 2,0 1,0 2,0 3,1 4,0 2,0 3,2 2,0",
      "2,0 1,0 1,0 2,0 1,1 1,0 2,0 3,0 1,0 2,1 2,2 6,0 2,0 2,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,1 2,0 1,0 3,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,6 2,0 2,1 1,0 4,0 1,0 1,0 1,0 1,1w 1,q 5d,0 1,0",
      "3,0 3,2 i,0 r,y 1,1 3,2 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,4 1,0 2,0 2,1 1f,1b 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 9,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1c,14 287,16",
      "2,2 l4,5 1oi,8 1,0 39,17 1r,c 1,x 2u,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,8 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,8 8,5 a,7 8,7 8,5 a,7 8,7 8,d 2,7 8,7 8,7 8,4 1,1 6,0 3,2 1,1 8,3 2,1",
      "8,7 a,2 1,1 7m,0 3,1 3,0 r,0 4,0 4,0 2,1 8,3 4,0 1h,0 23v,1b 1,0 3,1 1,0 1,0 1,0 4,0 1,1 1,5 5,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 7,0 1,0",
      "4,0 c,11 1,0 5,0 nwz,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 j,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 3r,0 1,0 1,0 1,0 1,0 1,0 1,2 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,7 1,0 1,0 2,0 1,0 1,0 1,0 1,0 4,0 1,0 2,0 1,2 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 5,0 5,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 4,0 1,0 2,0 3,0 1,0 1,0 1,0 1,0 1,0 q,0 3,0 mt,16 5,8",
      "7,27 fnk,6 c,4 tl,p y5,13 3s,z 4b,a 1,e 1,6 1,1 1dv,1e 3h,l 27u,v gw0,v k2i,p q,6 1,h q,p q,3 1,0",
      "1,6 1,a q,p q,p q,p q,p q,p q,p q,p q,p q,r s,o 1,5 q,o 1,5 q,o 1,5 q,o 1,5 q,o 1,5 1,0 1f8,9 1,j",
      "6,5 1yv,x",
    ].join(" "),
    LuLt: [
      "1t,p 2t,m 1,6 x,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0 1,0 3,1 1,0 1,1 1,2 2,3 1,1 1,2 3,1 1,1",
      "1,0 1,0 1,1 1,0 2,0 1,1 1,2 1,0 1,1 3,0 7,1 1,1 1,1 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 2,1 1,0 1,2 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 7,1 1,1 2,0 1,3 1,0 1,0 1,0 1,0 81,0 1,0 3,0 8,0 6,0",
      "1,2 1,0 1,1 1,g 1,8 z,0 2,2 3,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 5,0 2,0 1,1 2,1e 1c,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 9,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,1 1,0 1,0 1,0 1,0 1,0 1,0",
      "2,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 2,11",
      "289,11 1,0 5,0 k2,2d 1oz,0 6,16 2,2 8w,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 9,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 9,7 8,5 a,7 8,7 8,5 b,0 1,0 1,0 1,0 8,7 o,7 8,7 8,7 8,4 b,4 b,3 c,4",
      "b,4 79,0 4,0 3,2 2,2 2,0 3,4 6,0 1,0 1,0 1,3 2,3 a,1 5,0 1p,0 22k,1b 1c,0 1,2 2,0 1,0 1,0 1,3 1,0",
      "2,0 8,2 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 8,0 1,0 4,0 nyl,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 j,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 3r,0 1,0 1,0 1,0 1,0 1,0 1,0 3,0",
      "1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,0 1,0 1,0 1,0 a,0 1,0 1,1 1,0 1,0 1,0 1,0 4,0 1,0 2,0 1,0 3,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,0",
      "1,0 1,4 1,4 1,0 1,0 1,0 1,0 1,0 1,0 1,0 1,3 1,0 1,1 3,0 5,0 1,0 1,0 1,0 o,0 h7v,p xx,13 3s,z 4c,a",
      "1,e 1,6 1,1 1d6,1e 4d,l 27u,v gw0,v k2o,p q,p q,p q,0 1,1 2,0 2,1 2,3 1,7 q,p q,1 1,3 2,7 1,6 r,1",
      "1,3 1,4 1,0 3,6 r,p q,p q,p q,p q,p q,p u,o x,o x,o x,o x,o x,0 3ed,x",
    ].join(" "),
    White_Space: [
      "9,4 i,0 2s,0 q,0 4bj,0 1vj,a t,1 5,0 1b,0 334,0",
    ].join(" "),
  };
}
