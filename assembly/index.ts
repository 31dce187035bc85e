// The boundary: only integers cross it, and one memory. Pointers returned here stay valid until the
// next call that can allocate (any call below except the *Ptr getters); the host re-creates its views.
import * as io from "./io";
import * as table from "./table";
import * as pairs from "./pairs";
import * as merge from "./merge";
import * as chunkcache from "./chunkcache";
import * as encode from "./encode";
import * as marks from "./marks";
import * as ranks from "./ranks";
import * as scan from "./scan";
import * as json from "./json";
import { IO_BASE_TOKENS, JSON_BAD_ESCAPE, JSON_TABLE_FULL } from "../src/boundary";

/** Room for `size` bytes of input; returns its address. */
export function ioReserve(size: i32): usize {
  return io.reserve(size);
}

// --- byte pair counts (the teaching step) ---
export function pairsReset(): void {
  pairs.reset();
}
/** Counts the pairs in io[offset..offset+len); prev = the byte before it, or -1 at a chunk start. */
export function pairsCount(offset: i32, len: i32, prev: i32): void {
  pairs.countBytes(io.at(offset), len, prev);
}
/** 65536 u64 counts, index first << 8 | second. */
export function pairsPtr(): usize {
  return changetype<usize>(pairs.counts);
}

// --- the chunk table ---
export function tableReset(): void {
  table.reset();
}
/** Adds `count` sightings of chunk io[offset..offset+len); returns its index, or -1 when full. */
export function tableAdd(offset: i32, len: i32, count: u64): i32 {
  return table.add(io.at(offset), len, count);
}
/**
 * Adds a batch: io holds `n` u64 counts, then `n` u32 lengths, then the chunks' bytes back to back.
 * Returns 0, or -1 when the table is full.
 */
export function tableAddBatch(n: i32): i32 {
  return table.addCounted(io.at(0), io.at(n << 3), io.at(n * 12), n);
}
/**
 * Adds a batch (tableAddBatch's layout) whose chunks the table holds, and leaves the others in io
 * in the same layout, in order: their counts from io[0], their lengths from io[n * 8], their bytes
 * from io[n * 12]. Returns how many were left (a merge's last table: those are new chunks).
 */
export function tableAddFoundBatch(n: i32): i32 {
  const lengths = n << 3;
  let at = n * 12;
  let to = at;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const count = load<u64>(io.at(i << 3));
    const len = <i32>load<u32>(io.at(lengths + (i << 2)));
    if (!table.addFound(io.at(at), len, count)) {
      store<u64>(io.at(m << 3), count);
      store<u32>(io.at(lengths + (m << 2)), <u32>len);
      if (to != at) memory.copy(io.at(to), io.at(at), <usize>len);
      to += len;
      m++;
    }
    at += len;
  }
  return m;
}
/** Room for `chunks` more unique chunks of `nbytes` more bytes (before a merge of known tables). */
export function tableReserve(chunks: i32, nbytes: u32): void {
  table.reserve(chunks, nbytes);
}
/** Cuts the table into `parts` parts by a hash of each chunk's bytes (the same in every engine). */
export function tableSplit(parts: u32): void {
  table.split(parts);
}
export function tablePartSize(part: u32): u32 {
  return table.partSize(part);
}
export function tablePartBytes(part: u32): u32 {
  return table.partByteSize(part);
}
/** Writes part `part` to io as a batch (tableAddBatch's layout); io must hold it (io.reserve). */
export function tableExportPart(part: u32): void {
  table.exportPart(part, io.at(0));
}
export function tableSize(): i32 {
  return table.size;
}
export function tableBytes(): u32 {
  return table.totalBytes();
}
export function tableBytesPtr(): usize {
  return changetype<usize>(table.bytes);
}
export function tableStartPtr(): usize {
  return changetype<usize>(table.start);
}
export function tableCountPtr(): usize {
  table.settle();
  return changetype<usize>(table.count);
}

// --- training ---
/**
 * Starts training on the chunk table. io[0..1024) holds 256 u32: the id of each byte. maxLength: the
 * max token length (0: none). baseN > 0 (--extend): io[1024..] holds the base tokens (baseN u32 ids,
 * baseN u32 lengths, their bytes) and io[seedsOffset..] every chunk's base ids (u32), in table order.
 */
export function trainInit(first: u32, newTokens: i32, minFrequency: u64, maxLength: u32, baseN: i32, seedsOffset: i32): i32 {
  table.settle();
  return merge.init(first, io.at(0), newTokens, minFrequency, maxLength, baseN > 0 ? io.at(IO_BASE_TOKENS) : 0, baseN, io.at(seedsOffset));
}
/** Raises the new tokens wanted (several vocab sizes in one run). */
export function trainSetNewTokens(n: i32): void {
  merge.setNewTokens(n);
}
/** Makes up to `max` merges: 0 = more to do, 1 = vocab full, 2 = below min frequency, 3 = no pairs. */
export function trainRun(max: i32): i32 {
  return merge.run(max);
}
export function trainMerges(): i32 {
  return merge.merges();
}
export function mergeLeftPtr(): usize {
  return changetype<usize>(merge.outLeft);
}
export function mergeRightPtr(): usize {
  return changetype<usize>(merge.outRight);
}
export function mergeIdPtr(): usize {
  return changetype<usize>(merge.outId);
}
export function mergeCountPtr(): usize {
  return changetype<usize>(merge.outCount);
}
/** Writes chunk c's ids (u32) into io and returns how many; io must hold 4 bytes per byte of chunk c. */
export function trainChunkIds(c: i32): i32 {
  return merge.chunkIds(c, io.at(0));
}
/** Tokens in the whole corpus after the merges so far (for compression figures). */
export function trainTokenCount(): u64 {
  return merge.tokenCount();
}

// --- pre-tokenization scanners (cl100k, gpt2, o200k): see scan.ts ---
/** Marks code points from..to with a class (0 other, 1 letter, 2 number, 3 space, 4 \r or \n). */
export function scanSetClass(from: u32, to: u32, cls: u8): void {
  scan.setClass(from, to, cls);
}
/** Adds o200k's case bits (8 upper, 16 lower) to code points from..to. */
export function scanSetCase(from: u32, to: u32, bits: u8): void {
  scan.setCase(from, to, bits);
}
/** Bytes of io[0..len) that are not valid UTF-8. */
export function scanInvalid(len: i32): i32 {
  return scan.invalidBytes(io.at(0), len);
}
/** Splits the bytes io[0..len) with pattern 1 (cl100k), 2 (gpt2) or 3 (o200k) into the chunk table; returns chunks or -1. */
export function scanCount(len: i32, pattern: i32): i32 {
  return scan.countText(io.at(0), len, pattern);
}
/** Splits io[0..len) and writes the chunks' byte lengths (u32) after it, at io[align8(len)..]; returns how many. */
export function scanSplit(len: i32, pattern: i32): i32 {
  return scan.splitText(io.at(0), len, pattern, io.at((len + 7) & ~7));
}

// --- JSON Lines: a text field's body (escapes and all) unescaped, see json.ts ---
/**
 * Unescapes the body at io[offset..offset+len) into io[0..) (offset 0: in place; else offset >= len + 8);
 * returns the new length, or JSON_BAD_ESCAPE (in place the body is then partly overwritten).
 */
export function jsonUnescape(offset: i32, len: i32): i32 {
  return json.unescapeBody(io.at(offset), len, io.at(0));
}
/**
 * Unescapes as jsonUnescape and splits the result with `pattern` (as scanCount) into the chunk table;
 * returns the unescaped length (the bytes stay at io[0..) for scanInvalid), JSON_BAD_ESCAPE or
 * JSON_TABLE_FULL.
 */
export function jsonScanCount(offset: i32, len: i32, pattern: i32): i32 {
  const n = json.unescapeBody(io.at(offset), len, io.at(0));
  if (n < 0) return JSON_BAD_ESCAPE;
  return scan.countText(io.at(0), n, pattern) < 0 ? JSON_TABLE_FULL : n;
}

// ============================================================================================
// --- the encoder (assembly/encode.ts and its parts): rank-based BPE over pre-tokenized batches ---
// ============================================================================================
/** Starts a vocabulary. rule: 0 merges, 1 ranks (tiktoken). io[0..1024) holds 256 u32: the id of each byte. */
export function encoderReset(rule: i32): void {
  ranks.reset(rule, io.at(0));
  chunkcache.clear();
}
/** Merges rule: io holds n merges (left, right, id) u32, in rank order. */
export function encoderAddMerges(n: i32): void {
  ranks.addMerges(io.at(0), n);
}
/** Ranks rule: io holds n u32 ids, n u32 lengths, then the bytes; tokens of 2+ bytes, in rank order. */
export function encoderAddTokens(n: i32): void {
  ranks.addTokens(io.at(0), n);
}
/** Ranks rule: after the last encoderAddTokens; returns the number of pairs. */
export function encoderFinishTokens(): i32 {
  return ranks.finishTokens();
}
/** Encodes a batch: io holds n u32 marks then, at textOffset, UTF-8 text. Returns the ids written. */
export function encoderRun(n: i32, textOffset: i32): i32 {
  chunkcache.ready();
  return marks.run(io.at(0), n, io.at(textOffset));
}
/** The ids of the last run (u32). */
export function encoderOutPtr(): usize {
  return changetype<usize>(encode.out);
}
/** Where each document of the last run ends in its ids (u32), one per document-end mark. */
export function encoderDocEndsPtr(): usize {
  return changetype<usize>(marks.docEnds);
}
/** Pre-tokenizer for scan marks: 0 none, 1 cl100k, 2 gpt2, 3 o200k (load the classes with scanSetClass/scanSetCase first). */
export function encoderSetScanner(pattern: i32): void {
  marks.setScanner(pattern);
}
export function encoderClearCache(): void {
  chunkcache.clear();
}
