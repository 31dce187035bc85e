// Token shards on disk, as the pre-training loaders read them:
//   llmc  llm.c's `.bin` (dev/data/data_common.py write_datafile, llmc/dataloader.h): 256 little-endian
//         int32 — magic, version, token count, then zeros — and the tokens. uint16 tokens: magic
//         20240520 version 1 (GPT-2); uint32 tokens: magic 20240801 version 7 (llama-3).
//   npy   NumPy's `.npy` v1.0 (what np.save writes for a 1-D '<u2' / '<u4' array, as nanoGPT's fineweb.py).
// A shard is written into a temporary file beside its final name and renamed once whole: nothing
// partial ever sits under a final name. The token count goes into the header when the shard closes.
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export type TokenFileFormat = "llmc" | "npy";
export type TokenType = "uint16" | "uint32";
export type TokenArray = Uint16Array | Uint32Array;

/** The token type a vocabulary needs: uint16 while every id fits (nVocab <= 65,536). */
export function tokenTypeFor(nVocab: number): TokenType {
  return nVocab <= 1 << 16 ? "uint16" : "uint32";
}

export const bytesPerToken = (type: TokenType) => (type === "uint16" ? 2 : 4);

const LLMC = { uint16: { magic: 20240520, version: 1 }, uint32: { magic: 20240801, version: 7 } };
export const LLMC_HEADER_BYTES = 256 * 4;
/** llm.c keeps the count in an int32 (write_datafile asserts len(toks) < 2**31). */
export const MAX_SHARD_TOKENS = 2 ** 31 - 1;

export function llmcHeader(type: TokenType, tokens: number): Uint8Array {
  const header = new Int32Array(256); // little-endian on every platform Node runs on
  header[0] = LLMC[type].magic;
  header[1] = LLMC[type].version;
  header[2] = tokens;
  return new Uint8Array(header.buffer);
}

// numpy/lib/format.py: the dict's keys sorted, then spaces so the shape can grow to 21 digits in
// place, then padding to a multiple of 64 bytes ending in "\n"; magic "\x93NUMPY", version 1.0.
const GROWTH_AXIS_MAX_DIGITS = 21;

export function npyHeader(type: TokenType, tokens: number): Uint8Array {
  const shape = `(${tokens},)`;
  let dict = `{'descr': '<u${bytesPerToken(type)}', 'fortran_order': False, 'shape': ${shape}, }`;
  dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(tokens).length));
  const unpadded = 10 + dict.length + 1; // magic (6) + version (2) + length (2) + dict + "\n"
  dict += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + dict.length);
  out.set([0x93, ...Buffer.from("NUMPY"), 1, 0, dict.length & 0xff, dict.length >> 8]);
  out.set(Buffer.from(dict, "latin1"), 10);
  return out;
}

export function headerFor(format: TokenFileFormat, type: TokenType, tokens: number): Uint8Array {
  return format === "llmc" ? llmcHeader(type, tokens) : npyHeader(type, tokens);
}

/** Bytes of a whole shard of `tokens` tokens. */
export function shardBytes(format: TokenFileFormat, type: TokenType, tokens: number): number {
  return headerFor(format, type, tokens).length + tokens * bytesPerToken(type);
}

/** llm.c's FineWeb naming: NAME_val_000000.bin, NAME_train_000001.bin (npy: .npy). */
export function shardName(name: string, split: "val" | "train", index: number, format: TokenFileFormat): string {
  return `${name}_${split}_${String(index).padStart(6, "0")}.${format === "llmc" ? "bin" : "npy"}`;
}

/** Temporary files under way, removed on an error or a signal. */
export const openTemps = new Set<string>();

/** One shard being written: the header is reserved, tokens appended, the count filled in on close. */
export class ShardFile {
  tokens = 0;
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly file: FileHandle,
    private readonly format: TokenFileFormat,
    private readonly type: TokenType,
    private at: number,
  ) {}

  /** Opens a temp file for `path`; the header reserved assumes up to `capacity` tokens. */
  static async create(path: string, format: TokenFileFormat, type: TokenType, capacity: number): Promise<ShardFile> {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    openTemps.add(tmp);
    const file = await open(tmp, "w");
    // the npy header's length does not depend on the count below 10^21 tokens: reserve it now
    const header = headerFor(format, type, capacity);
    return new ShardFile(path, tmp, file, format, type, header.length);
  }

  async append(ids: TokenArray): Promise<void> {
    if (ids.length === 0) return;
    const bytes = new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, this.at + done);
      done += bytesWritten;
    }
    this.at += bytes.length;
    this.tokens += ids.length;
  }

  /** Writes the header with the final count and renames the shard to its name; returns its size. */
  async close(): Promise<number> {
    const header = headerFor(this.format, this.type, this.tokens);
    await this.file.write(header, 0, header.length, 0);
    await this.file.close();
    await rename(this.tmp, this.path);
    openTemps.delete(this.tmp);
    return this.at;
  }

  /** Drops the temp file (after an error). */
  async discard(): Promise<void> {
    await this.file.close().catch(() => {});
    await rm(this.tmp, { force: true });
    openTemps.delete(this.tmp);
  }
}
