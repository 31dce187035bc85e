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

/** A class per code point (letter, number, white space, \r or \n; the rest other) and o200k's case bits (unless `cases` is false: a core that scans only other patterns). */
export function loadScannerClasses(x: ScannerExports, cases = true): void {
  const classes = [["L", CLASS_LETTER], ["N", CLASS_NUMBER], ["White_Space", CLASS_SPACE]] as const;
  for (const [cls, code] of classes) for (const [from, to] of unicodeRanges(cls)) x.scanSetClass(from, to, code);
  x.scanSetClass(0x0a, 0x0a, CLASS_NEWLINE);
  x.scanSetClass(0x0d, 0x0d, CLASS_NEWLINE);
  if (!cases) return;
  const { upper, lower } = caseRanges();
  for (const [from, to] of upper) x.scanSetCase(from, to, CASE_UPPER);
  for (const [from, to] of lower) x.scanSetCase(from, to, CASE_LOWER);
}
