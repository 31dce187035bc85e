// The WebAssembly scanners' character table (assembly/scan.ts), loaded from the same tiktoken
// tables the JS regexes are built from: a class per code point, plus o200k's two case bits.
import { caseRanges, unicodeRanges } from "./pretokenize.js";

interface ScannerExports {
  scanSetClass(from: number, to: number, cls: number): void;
  scanSetCase(from: number, to: number, bits: number): void;
}

/** Classes: 0 other, 1 letter, 2 number, 3 white space, 4 \r or \n; case bits: 8 upper, 16 lower. */
export function loadScannerClasses(x: ScannerExports): void {
  const classes = [["L", 1], ["N", 2], ["White_Space", 3]] as const;
  for (const [cls, code] of classes) for (const [from, to] of unicodeRanges(cls)) x.scanSetClass(from, to, code);
  x.scanSetClass(0x0a, 0x0a, 4);
  x.scanSetClass(0x0d, 0x0d, 4);
  const { upper, lower } = caseRanges();
  for (const [from, to] of upper) x.scanSetCase(from, to, 8);
  for (const [from, to] of lower) x.scanSetCase(from, to, 16);
}
