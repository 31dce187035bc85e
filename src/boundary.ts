// The numbers that cross the wasm boundary, defined once. Plain constants, valid TypeScript and valid
// AssemblyScript: assembly/ imports this file too (as "../src/boundary"), so the core and the host
// cannot drift apart.

// Why the merge loop stopped (assembly/merge.ts trainRun; src/engine-types.ts STOP_REASONS names them).
export const STOP_MORE = 0; // more merges are possible
export const STOP_VOCAB = 1; // the vocabulary is full
export const STOP_MIN_FREQUENCY = 2; // the best pair occurs fewer times than minFrequency
export const STOP_NO_PAIRS = 3; // nothing is left to merge

// The hand-written pre-tokenizers (assembly/scan.ts); 0 means none (a regex in JS, or pattern none).
export const SCANNER_NONE = 0;
export const SCANNER_CL100K = 1;
export const SCANNER_GPT2 = 2;
export const SCANNER_O200K = 3;

// The scanners' character classes (assembly/scan.ts; loaded by src/scanner-classes.ts): a class per
// code point in the low bits, plus o200k's two case bits beside it.
export const CLASS_OTHER = 0;
export const CLASS_LETTER = 1;
export const CLASS_NUMBER = 2;
export const CLASS_SPACE = 3; // White_Space other than \r and \n
export const CLASS_NEWLINE = 4; // \r or \n
export const CASE_UPPER = 8; // o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
export const CASE_LOWER = 16; // o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]

// Training's io layout (assembly/index.ts trainStart, src/engine-wasm.ts): 256 u32 byte ids first,
// then, with a base (--extend), the base tokens from this byte offset on.
export const IO_BASE_TOKENS = 1024;

// The encoder's mark kinds (assembly/marks.ts, src/encode-wasm.ts): each mark is kind * 2^29 + n.
export const MARK_CHUNK_UNITS = 0; // a chunk of n UTF-16 code units of text
export const MARK_CHUNK_BYTES = 1; // a chunk of n bytes
export const MARK_TOKEN = 2; // the id n, taking no text (a special token)
export const MARK_SKIP_UNITS = 3; // n UTF-16 code units of text that no chunk covers (a custom pattern's gaps)
export const MARK_DOC_END = 4; // a document ends here
export const MARK_SCAN_UNITS = 5; // n UTF-16 code units of text for the scanner to pre-tokenize
export const MARK_SCAN_BYTES = 6; // n bytes of text for the scanner to pre-tokenize

// JSON Lines text fields unescaped in the core (assembly/json.ts): failures instead of a length.
export const JSON_BAD_ESCAPE = -1; // an escape JSON does not have (\q, \u12G4, a "\" at the end)
export const JSON_TABLE_FULL = -2; // the chunk table is full
