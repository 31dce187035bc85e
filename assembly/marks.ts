// The mark protocol: the host stages a batch of documents as UTF-8 text plus one u32 mark per chunk,
// special token, scanned stretch or document end, and run() walks them. A mark is one u32: its kind
// in the top three bits (see src/boundary.ts), a number n below. UTF-16 counts (the JS regex's chunk
// ends) are mapped to UTF-8 bytes here, as the text is walked.
import * as boundary from "../src/boundary";
import * as encode from "./encode";
import { grow } from "./grow";
import * as scan from "./scan";

const CHUNK_UNITS: u32 = boundary.MARK_CHUNK_UNITS;
const CHUNK_BYTES: u32 = boundary.MARK_CHUNK_BYTES;
const TOKEN: u32 = boundary.MARK_TOKEN;
const SKIP_UNITS: u32 = boundary.MARK_SKIP_UNITS;
const DOC_END: u32 = boundary.MARK_DOC_END;
const SCAN_UNITS: u32 = boundary.MARK_SCAN_UNITS;
const SCAN_BYTES: u32 = boundary.MARK_SCAN_BYTES;
export const MAX_MARK: u32 = (1 << 29) - 1;

export let docEnds = new StaticArray<u32>(64); // the end of each document's ids in encode.out
export let docCount = 0;
let scanner = 0; // scan.CL100K, scan.GPT2, scan.O200K, or 0

/** Which of scan.ts's pre-tokenizers SCAN marks use (its class table must be loaded). */
export function setScanner(pattern: i32): void {
  scanner = pattern;
}

/** Bytes taken by the next `units` UTF-16 code units of the UTF-8 text at ptr (4-byte sequences are 2 units). */
function utf8Length(ptr: usize, units: i32): i32 {
  let p = ptr;
  while (units > 0) {
    const b = load<u8>(p);
    if (b < 0x80) p += 1;
    else if (b < 0xe0) p += 2;
    else if (b < 0xf0) p += 3;
    else {
      p += 4;
      units--;
    }
    units--;
  }
  return <i32>(p - ptr);
}

/** Pre-tokenizes ptr[0..len) with the scanner and encodes each chunk as it is cut (no length array). */
function scanAndEncode(ptr: usize, len: i32): void {
  const pattern = scanner;
  scan.begin(ptr, len);
  for (let i = 0; i < len; ) {
    const e = scan.chunkEnd(i, pattern);
    encode.encodeChunk(ptr + <usize>i, e - i);
    i = e;
  }
}

/** Encodes a batch: `n` marks at marksPtr walk the UTF-8 text at textPtr. Returns the ids written. */
export function run(marksPtr: usize, n: i32, textPtr: usize): i32 {
  encode.begin();
  docCount = 0;
  let at = textPtr;
  for (let k = 0; k < n; k++) {
    const mark = load<u32>(marksPtr + (<usize>k << 2));
    const kind = mark >>> 29;
    const v = mark & MAX_MARK;
    if (kind == CHUNK_BYTES) {
      encode.encodeChunk(at, <i32>v);
      at += <usize>v;
    } else if (kind == CHUNK_UNITS) {
      const len = utf8Length(at, <i32>v);
      encode.encodeChunk(at, len);
      at += <usize>len;
    } else if (kind == SCAN_BYTES) {
      scanAndEncode(at, <i32>v);
      at += <usize>v;
    } else if (kind == SCAN_UNITS) {
      const len = utf8Length(at, <i32>v);
      scanAndEncode(at, len);
      at += <usize>len;
    } else if (kind == TOKEN) encode.emit(v);
    else if (kind == DOC_END) {
      docEnds = grow(docEnds, docCount + 1);
      unchecked((docEnds[docCount++] = <u32>encode.outLength));
    } else if (kind == SKIP_UNITS) at += <usize>utf8Length(at, <i32>v);
  }
  return encode.outLength;
}
