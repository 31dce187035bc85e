// The WebAssembly scanners' character table (assembly/scan.ts), loaded from the same tiktoken
// tables the JS regexes are built from: a class per code point, plus o200k's two case bits.
import { CASE_LOWER, CASE_UPPER, CLASS_LETTER, CLASS_NEWLINE, CLASS_NUMBER, CLASS_SPACE, SCANNER_CL100K, SCANNER_GPT2, SCANNER_O200K } from "./boundary.js";
import { caseRanges, unicodeRanges } from "./pretokenize.js";

/** The core's scanner for each built-in pattern (the others have none: a regex in JS, or pattern none). */
export const SCANNER_IDS: Readonly<Record<"cl100k" | "gpt2" | "o200k", number>> = { cl100k: SCANNER_CL100K, gpt2: SCANNER_GPT2, o200k: SCANNER_O200K };

interface ScannerExports {
  scanSetClass(from: number, to: number, cls: number): void;
  scanSetCase(from: number, to: number, bits: number): void;
}

/** The code point ranges the scanner's table is loaded from, each flat: [from, to, from, to, ...] (inclusive). */
export interface ScannerRanges {
  letter: Uint32Array;
  number: Uint32Array;
  space: Uint32Array;
  upper: Uint32Array;
  lower: Uint32Array;
}

const flat = (ranges: ReadonlyArray<readonly [number, number]>): Uint32Array => Uint32Array.from(ranges.flat());
let built: ScannerRanges | undefined; // this thread's, or a thread's it was given (useScannerRanges)

/**
 * The scanner's ranges, decoded from the tiktoken tables once per thread (~20 ms of cold JS), for a
 * worker to be given (useScannerRanges) instead of decoding them again while it could be counting.
 */
export function scannerRanges(): ScannerRanges {
  if (!built) {
    const { upper, lower } = caseRanges();
    built = { letter: flat(unicodeRanges("L")), number: flat(unicodeRanges("N")), space: flat(unicodeRanges("White_Space")), upper: flat(upper), lower: flat(lower) };
  }
  return built;
}

/** Ranges another thread decoded (scannerRanges, sent in a message): this thread's engines load these. */
export function useScannerRanges(ranges: ScannerRanges): void {
  built = ranges;
}

/** A class per code point (letter, number, white space, \r or \n; the rest other) and o200k's case bits (unless `cases` is false: a core that scans only other patterns). */
export function loadScannerClasses(x: ScannerExports, cases = true): void {
  const r = scannerRanges();
  const each = (ranges: Uint32Array, set: (from: number, to: number) => void) => {
    for (let i = 0; i + 1 < ranges.length; i += 2) set(ranges[i], ranges[i + 1]);
  };
  each(r.letter, (from, to) => x.scanSetClass(from, to, CLASS_LETTER));
  each(r.number, (from, to) => x.scanSetClass(from, to, CLASS_NUMBER));
  each(r.space, (from, to) => x.scanSetClass(from, to, CLASS_SPACE));
  x.scanSetClass(0x0a, 0x0a, CLASS_NEWLINE);
  x.scanSetClass(0x0d, 0x0d, CLASS_NEWLINE);
  if (!cases) return;
  each(r.upper, (from, to) => x.scanSetCase(from, to, CASE_UPPER));
  each(r.lower, (from, to) => x.scanSetCase(from, to, CASE_LOWER));
}
