// Streaming decompression, browser-safe: gzip through the web's DecompressionStream, zstd through
// fzstd. Both check the magic bytes first, so "x.gz that is not gzip" is one clear sentence.
import type { Compressors } from "hyparquet";
import { BytepairError } from "../errors.js";
import type { Compression } from "./types.js";

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];

/** Decompressors the runtime has natively (Node's zlib: zstd from Node 22.15 / 23.8); the JS ones are the fallback. */
export interface NativeCodecs {
  /** A zstd stream, decompressed (the magic bytes are checked before). */
  zstdStream?: (source: AsyncIterable<Uint8Array>, name: string) => AsyncIterable<Uint8Array>;
  /** One zstd frame (a parquet page) into `length` bytes. */
  zstd?: (input: Uint8Array, length: number) => Uint8Array;
  /** One gzip member (a parquet page). */
  gzip?: (input: Uint8Array, length: number) => Uint8Array;
  /** One zstd frame decompressed into `out` (a page into a reused buffer): the bytes written, or -1 (then `zstd` decides). */
  zstdInto?: (input: Uint8Array, out: Uint8Array) => number;
}

let native: NativeCodecs = {};
let pageCodecs: Promise<Compressors> | undefined;

/** Registers native decompressors (the Node entry and Node workers do, where zlib has them). */
export function useNativeCodecs(codecs: NativeCodecs): void {
  native = { ...native, ...codecs };
  pageCodecs = undefined;
}

/**
 * hyparquet's page decompressors: native where registered, else hyparquet-compressors (loaded only
 * when a parquet file is read). With `pages`, zstd pages are decompressed into its reused buffers
 * where the runtime can (the pages then live until pages.release()).
 */
export async function parquetCompressors(pages?: PageBuffers): Promise<Compressors> {
  pageCodecs ??= import("hyparquet-compressors").then(({ compressors }) => ({
    ...compressors,
    ...(native.zstd ? { ZSTD: native.zstd } : {}),
    ...(native.gzip ? { GZIP: native.gzip } : {}),
  }));
  const codecs = await pageCodecs;
  const into = native.zstdInto;
  if (!pages || !into) return codecs;
  const zstd = codecs.ZSTD!;
  return {
    ...codecs,
    // one byte of room more than the header says: a page that holds more is caught (written != length)
    ZSTD: (input, length) => {
      const out = pages.take(length + 1);
      const written = into(input, out);
      return written === length ? out.subarray(0, length) : zstd(input, length); // anything else: as before (hyparquet's length check, the codec's error)
    },
  };
}

/** Free page buffers of this thread, for any reader to take (at most FREE_PAGE_BYTES of them). */
const freePages: Uint8Array[] = [];
let freePageBytes = 0;
const FREE_PAGE_BYTES = 64 << 20;
/**
 * Page buffers are powers of two from 1 MiB, plus PAGE_SLACK: a page a little larger than the last
 * still fits a free buffer (a shard's dictionary pages grow row group by row group), and the
 * untouched end of a buffer costs address space only (its memory is never written). The slack is
 * for readers that ask for a power of two and a byte more (a JSON Lines read of 4 MiB holds one
 * byte past the piece; a page's decompression one past its length): without it each took a buffer
 * twice as large, so the 64 MiB kept held half as many; JSON Lines, 1.53 GB, one thread: 20 fresh
 * buffers (646 MB) -> 7 (105 MB), page faults of the count stage 166 K -> 100-109 K.
 */
const FIRST_PAGE_BYTES = 1 << 20;
const PAGE_SLACK = 1 << 16;

/**
 * Buffers for decompressed parquet pages, taken while a unit is read and given back (release) when
 * nothing holds a view of them any more: its documents are counted (or dropped). A reused buffer
 * costs only the decompression; a fresh one also costs the first touch of its memory, which on a VM
 * was 4-5 ns a byte (page faults), several times the decompression.
 * Measured (Node 24, loaded 2-core VM, kernel parquet shards, cl100k): the 48 zstd pages of shards
 * 0-3 (137 MB) decompressed alone, fresh 116-338 ms, into one reused buffer 87-101 ms; one-thread
 * count stage CPU, farm-bench pairs against the commit before: shards 0-3 2.91 -> 2.54 s (5 pairs),
 * all 16 (1.53 GB) 25.2 -> 21.3 s (3 pairs). Buffers in powers of two instead of whole MiB (the
 * shards' dictionary pages grow from 2 to 40 MB, one is 462 MB): 288 K -> 264 K page faults a run,
 * system time 3.1 -> 2.6 s (count CPU within noise, 3 pairs: -4% median).
 */
export class PageBuffers {
  private taken: Uint8Array[] = [];

  /** A buffer of at least `length` bytes (contents undefined), held until release(). */
  take(length: number): Uint8Array {
    // the smallest that fits; of equal ones the last released (the likeliest still in cache)
    let best = -1;
    for (let i = freePages.length - 1; i >= 0; i--) {
      const size = freePages[i].length;
      if (size >= length && (best < 0 || size < freePages[best].length)) best = i;
    }
    let buffer: Uint8Array;
    if (best >= 0) {
      buffer = freePages.splice(best, 1)[0];
      freePageBytes -= buffer.length;
    } else if (length > FREE_PAGE_BYTES) {
      // never kept for reuse (see release): whole MiB, not the next power of two (a 2.3 GB JSON Lines
      // line would ask 4 GiB and a byte more: past Node 20's largest typed array)
      buffer = new Uint8Array(Math.ceil(length / FIRST_PAGE_BYTES) * FIRST_PAGE_BYTES + PAGE_SLACK);
    } else {
      let size = FIRST_PAGE_BYTES;
      while (size + PAGE_SLACK < length) size *= 2;
      buffer = new Uint8Array(size + PAGE_SLACK);
    }
    this.taken.push(buffer);
    return buffer;
  }

  /** Gives every buffer taken back for reuse: no view of them may be read after this. */
  release(): void {
    for (const buffer of this.taken) {
      if (freePageBytes + buffer.length > FREE_PAGE_BYTES) continue; // left to the garbage collector
      freePages.push(buffer);
      freePageBytes += buffer.length;
    }
    this.taken = [];
  }
}

export function decompress(source: AsyncIterable<Uint8Array>, compression: Compression, name: string): AsyncIterable<Uint8Array> {
  if (compression === "gzip") return gunzip(source, name);
  if (compression === "zstd") return unzstd(source, name);
  return source;
}

/** The source with its first bytes checked against `magic`. */
async function* checkMagic(source: AsyncIterable<Uint8Array>, magic: number[], name: string, what: string): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length < magic.length) continue;
    checked = true;
    if (!magic.every((b, i) => head[i] === b)) throw notMagic(head, magic, name, what);
    yield head;
  }
  if (!checked && head.length === 0) throw new BytepairError(`${name} is empty (0 bytes), not ${what} data.`);
  if (!checked) throw notMagic(head, magic, name, what);
}

function notMagic(head: Uint8Array, magic: number[], name: string, what: string): BytepairError {
  const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
  return new BytepairError(`${name} is not ${what} data (it starts with ${hex(head.subarray(0, magic.length))}, not ${hex(magic)}).`);
}

async function* gunzip(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let sourceError: unknown = null;
  // Write and read at once: writing everything first would stall on the stream's backpressure.
  const pump = (async () => {
    try {
      for await (const chunk of checkMagic(source, GZIP, name, "gzip")) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (error) {
      sourceError = error;
      await writer.abort(error).catch(() => {});
    }
  })();
  try {
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await reader.read();
      } catch (error) {
        if (sourceError) throw sourceError;
        throw new BytepairError(`${name}: the gzip data is corrupt or truncated (${(error as Error).message}).`);
      }
      if (part.done) break;
      yield part.value;
    }
    await pump;
    if (sourceError) throw sourceError;
  } finally {
    reader.cancel().catch(() => {});
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  if (native.zstdStream) {
    yield* native.zstdStream(checkMagic(source, ZSTD, name, "zstd"), name);
    return;
  }
  let out: Uint8Array[] = [];
  const { Decompress } = await import("fzstd"); // loaded only when a file is zstd
  const stream = new Decompress((chunk) => void out.push(chunk));
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      stream.push(chunk, final);
    } catch (error) {
      throw new BytepairError(`${name}: the zstd data is corrupt or truncated (${(error as Error).message}).`);
    }
  };
  for await (const chunk of checkMagic(source, ZSTD, name, "zstd")) {
    push(chunk, false);
    yield* out;
    out = [];
  }
  push(new Uint8Array(0), true);
  yield* out;
}
