// tokenizeDataset(): a whole dataset into the token shards a model trains on (llm.c `.bin` or `.npy`),
// as llm.c's dev/data/fineweb.py does with tiktoken in a process pool:
//   1. load the tokenizer (and hash it), choose the token type and the separator; with several
//      threads only the workers load it (the first one reports its size and special tokens)
//   2. plan: read DIR/manifest.json of an earlier run and keep its complete shards
//   3. encode: the main thread reads documents and deals batches to threads - 1 workers (with one
//      thread it encodes them itself)
//   4. write: batches, in the order they were dealt, fill shards of exactly N tokens (a document may
//      straddle two shards, as in llm.c); each shard is renamed into place when whole, then the
//      manifest records it, so a rerun resumes after the last complete shard
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { BytepairError } from "../errors.js";
import { detectFormat, loadTokenizer } from "../formats/index.js";
import type { Tokenizer } from "../tokenizer.js";
import type { ReadProgress } from "../sources/types.js";
import type { Document } from "../types.js";
import { writeFileAtomic } from "./files.js";
import { readDocuments, type SourceOptions } from "./sources.js";
import { MAX_SHARD_TOKENS, openTemps, ShardFile, shardBytes, shardName, tokenTypeFor, type TokenFileFormat, type TokenArray, type TokenType } from "./shards.js";
import { encodeDocuments, EncoderPool, type EncodedBatch, type Separator, type SeparatorRequest, type TokenizerSource, type VocabularyFacts } from "./tokenize-pool.js";
import { readText, tiktokenPath } from "./tiktoken.js";
import { availableParallelism } from "node:os";

export interface TokenizeOptions extends Omit<SourceOptions, "onProgress"> {
  /** A tokenizer file (any format bytepair reads), URL, or cl100k_base / o200k_base. */
  tokenizer: string;
  /** The output directory (created if needed). */
  out: string;
  /** "llmc" (default): llm.c's .bin; "npy": NumPy arrays. */
  format?: TokenFileFormat;
  /** Tokens per shard (default 100,000,000, as llm.c). */
  shardTokens?: number;
  /** The first this many tokens go to a val shard (NAME_val_000000). Default 0: no val shard. */
  valTokens?: number;
  /** A special token of the tokenizer put before each document (llm.c: <|endoftext|>). */
  bos?: string;
  /** A special token put after each document. */
  eos?: string;
  /** Shard name prefix (default: the output directory's name). */
  name?: string;
  /** Threads (default every core): the calling thread reads, threads - 1 workers encode; 1: all on the calling thread. */
  threads?: number;
  /** Text dealt to a worker at a time, in UTF-16 code units (default 1 Mi). */
  batchCharacters?: number;
  onProgress?: (progress: TokenizeProgress) => void;
  /** The data layer's progress (rows, bytes, shards; worth showing when reading over the network). */
  onReadProgress?: (progress: ReadProgress) => void;
}

export interface TokenizeProgress {
  stage: "tokenize";
  /** Documents read so far (with --rows: of `total`). */
  done: number;
  total: number;
  elapsed: number;
  documents: number;
  tokens: number;
  /** UTF-8 bytes of text tokenized by this run, and per second. */
  bytes: number;
  mbPerSecond: number;
}

/** Where a shard starts or ends in the document stream: a document index and a token within it. */
export interface StreamPosition {
  document: number;
  token: number;
}

export interface ShardRecord {
  file: string;
  split: "val" | "train";
  tokens: number;
  /** Documents whose first token is in this shard. */
  documents: number;
  bytes: number;
  start: StreamPosition;
  end: StreamPosition;
}

export interface TokenizeManifest {
  bytepair: "tokenize";
  version: 1;
  /** False while a run is under way or was stopped: a rerun resumes after the last shard listed. */
  complete: boolean;
  settings: {
    tokenizer: { name: string; sha256: string; nVocab: number };
    inputs: string[];
    selection: Record<string, unknown>;
    format: TokenFileFormat;
    tokenType: TokenType;
    separator: { place: "bos" | "eos"; text: string; id: number } | null;
    shardTokens: number;
    valTokens: number;
    name: string;
  };
  documents: number;
  tokens: number;
  /** UTF-8 bytes of the documents' text. */
  bytes: number;
  shards: ShardRecord[];
}

export interface TokenizeResult {
  manifest: TokenizeManifest;
  /** Shards kept from an earlier run. */
  kept: number;
  /** This run: text bytes encoded, tokens written, seconds. */
  run: { bytes: number; tokens: number; seconds: number };
}

export const DEFAULT_SHARD_TOKENS = 100_000_000;
const BATCH_CHARS = 1 << 20; // text per batch dealt to a worker
const IN_FLIGHT_PER_THREAD = 3; // batches dealt but not yet written, per thread: bounds memory

/** Tokenizes documents into shards in `options.out`; resumes an earlier run of the same settings there. */
export async function tokenizeDataset(inputs: readonly string[], options: TokenizeOptions): Promise<TokenizeResult> {
  const started = performance.now();
  // 1. tokenizer, token type, separator: with workers, they load it and the first one says what it holds
  const source = await readTokenizerSource(options.tokenizer);
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (options.bos !== undefined && options.eos !== undefined) throw new BytepairError("Give --bos or --eos, not both.");
  const wanted = options.bos ?? options.eos;
  const separator: SeparatorRequest = wanted === undefined ? null : { place: options.bos !== undefined ? "bos" : "eos", text: wanted };
  let pool: EncoderPool | undefined;
  let tokenizer: Tokenizer | undefined;
  try {
    let facts: Promise<VocabularyFacts>;
    if (threads > 1) {
      // this thread reads and deals: one worker fewer. Reading parquet costs about what encoding
      // does (cl100k), so with 2 threads the two stages overlap, and one worker sees every document
      // (its chunk cache stays as warm as a single thread's) and loads the tokenizer once, not twice.
      pool = EncoderPool.start(threads - 1, source, separator);
      facts = pool.ready;
    } else {
      tokenizer = await (await loadTokenizer(source.text, { source: source.source, sidecar: source.sidecar })).useEngine("wasm");
      facts = Promise.resolve({ nVocab: tokenizer.nVocab, specialTokens: [...tokenizer.specialTokens] });
    }
    // 2. settings, output directory, earlier run
    const plan = async (): Promise<TokenizeManifest> => {
      const settings = planSettings(inputs, options, await facts, source);
      await mkdir(options.out, { recursive: true });
      return resumeFrom(options.out, settings);
    };
    // with no earlier run in DIR, documents are read (and dealt) while the workers load the tokenizer
    const earlier = existsSync(join(options.out, "manifest.json")) ? await plan() : undefined;
    if (earlier?.complete) return { manifest: earlier, kept: earlier.shards.length, run: { bytes: 0, tokens: 0, seconds: (performance.now() - started) / 1000 } };
    const manifest = earlier ?? plan();
    if (manifest instanceof Promise) manifest.catch(() => {}); // awaited before the first write; this only stops an early rejection being "unhandled"
    // 3. + 4. encode and write
    const encode = pool
      ? (docs: Document[]) => pool!.encode(docs)
      : async (docs: Document[]) => {
          const { separator, tokenType } = (await manifest).settings;
          return encodeDocuments(tokenizer!, docs, separator, tokenType);
        };
    const cleanup = removeTempsOnSignal();
    try {
      const written = await encodeAndWrite(inputs, options, threads, encode, manifest, started);
      written.manifest.complete = true;
      await writeManifest(options.out, written.manifest);
      return written;
    } finally {
      cleanup();
    }
  } finally {
    await pool?.close();
  }
}

/** The tokenizer's text (gunzipped), sidecar, and the name and SHA-256 recorded in the manifest. */
async function readTokenizerSource(where: string): Promise<TokenizerSource & { sha256: string }> {
  const path = tiktokenPath(where) ?? where;
  const text = (await readText(path))!;
  let sidecar: string | undefined;
  if (detectFormat(text, where) === "tiktoken") sidecar = (await readText(`${path}.json`, true)) ?? (await readText(`${path.replace(/\.gz$/, "")}.json`, true));
  // for cl100k_base / o200k_base this is the SHA-256 tiktoken itself checks the file against
  const sha256 = createHash("sha256").update(text).digest("hex");
  return { text, source: where, sidecar, sha256 };
}

function planSettings(inputs: readonly string[], o: TokenizeOptions, facts: VocabularyFacts, source: { source: string; sha256: string }): TokenizeManifest["settings"] {
  const specialTokens = new Map(facts.specialTokens);
  const shardTokens = o.shardTokens ?? DEFAULT_SHARD_TOKENS;
  const valTokens = o.valTokens ?? 0;
  for (const [flag, n] of [["--shard-tokens", shardTokens], ["--val-tokens", valTokens]] as const) {
    if (!Number.isInteger(n) || n < (flag === "--shard-tokens" ? 1 : 0) || n > MAX_SHARD_TOKENS) {
      throw new BytepairError(`${flag} must be a whole number from ${flag === "--shard-tokens" ? 1 : 0} to ${MAX_SHARD_TOKENS} (llm.c keeps a shard's count in an int32).`);
    }
  }
  const text = o.bos ?? o.eos;
  let separator: Separator | null = null;
  if (text !== undefined) {
    const id = specialTokens.get(text);
    if (id === undefined) {
      const known = [...specialTokens.keys()];
      throw new BytepairError(`${JSON.stringify(text)} is not a special token of ${source.source} (${known.length ? `it has ${known.map((s) => JSON.stringify(s)).join(", ")}` : "it has none"}).`);
    }
    separator = { place: o.bos !== undefined ? "bos" : "eos", text, id };
  }
  const selection = { rows: o.rows, bytes: o.bytes, skip: o.skip, shards: o.shards, where: o.where, config: o.config, split: o.split, column: o.column, field: o.field };
  return {
    tokenizer: { name: source.source, sha256: source.sha256, nVocab: facts.nVocab },
    inputs: [...inputs],
    selection: JSON.parse(JSON.stringify(selection)) as Record<string, unknown>, // undefined left out, as in the file
    format: o.format ?? "llmc",
    tokenType: tokenTypeFor(facts.nVocab),
    separator,
    shardTokens,
    valTokens,
    name: o.name ?? (basenameOf(o.out) || "tokens"),
  };
}

function basenameOf(dir: string): string {
  return dir.replace(/[/\\]+$/, "").split(/[/\\]/).pop()!.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
}

/**
 * The manifest to continue: an earlier run's with the same settings, its shards checked on disk
 * (size) and kept up to the first missing or wrong one; else a new one. Stale temp files are removed.
 */
async function resumeFrom(out: string, settings: TokenizeManifest["settings"]): Promise<TokenizeManifest> {
  for (const entry of await readdir(out)) if (/^\..+\.\d+\.tmp$/.test(entry) && entry.startsWith(`.${settings.name}_`)) await rm(join(out, entry), { force: true });
  const fresh: TokenizeManifest = { bytepair: "tokenize", version: 1, complete: false, settings, documents: 0, tokens: 0, bytes: 0, shards: [] };
  const path = join(out, "manifest.json");
  if (!existsSync(path)) return fresh;
  let earlier: TokenizeManifest;
  try {
    earlier = JSON.parse(await readFile(path, "utf8")) as TokenizeManifest;
  } catch {
    throw new BytepairError(`${path} is not a manifest bytepair tokenize wrote; use another --out directory or remove it.`);
  }
  if (earlier.bytepair !== "tokenize" || earlier.version !== 1) throw new BytepairError(`${path} is not a manifest bytepair tokenize wrote; use another --out directory or remove it.`);
  // the tokenizer is the same by its SHA-256, whatever path or name it was given by
  const same = (k: keyof typeof settings) =>
    k === "tokenizer"
      ? earlier.settings?.tokenizer?.sha256 === settings.tokenizer.sha256
      : JSON.stringify(earlier.settings?.[k]) === JSON.stringify(settings[k]);
  const differs = (Object.keys(settings) as (keyof typeof settings)[]).filter((k) => !same(k));
  if (differs.length > 0) {
    throw new BytepairError(`${out} holds shards of a run with other settings (${differs.join(", ")}); use the same settings to resume, or another --out directory.`);
  }
  const shards: ShardRecord[] = [];
  for (const shard of earlier.shards) {
    const size = await stat(join(out, shard.file)).then((s) => s.size, () => -1);
    if (size !== shard.bytes || size !== shardBytes(settings.format, settings.tokenType, shard.tokens)) break;
    shards.push(shard);
  }
  if (earlier.complete && shards.length === earlier.shards.length) return { ...earlier, settings };
  const last = shards.at(-1);
  return {
    ...fresh,
    documents: last?.end.document ?? 0,
    tokens: shards.reduce((n, s) => n + s.tokens, 0),
    shards,
  };
}

async function writeManifest(out: string, manifest: TokenizeManifest): Promise<void> {
  await writeFileAtomic(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
}

/** Removes temp files of shards under way if the process is interrupted; returns the undo. */
function removeTempsOnSignal(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    for (const tmp of openTemps) rmSync(tmp, { force: true });
    openTemps.clear();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.kill(process.pid, signal); // then die of the signal, as without the handler
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/** Steps 3 and 4: reads the documents after the kept shards, encodes them in batches, fills shards. */
async function encodeAndWrite(
  inputs: readonly string[],
  options: TokenizeOptions,
  threads: number,
  encode: (docs: Document[]) => Promise<EncodedBatch>,
  planned: TokenizeManifest | Promise<TokenizeManifest>,
  started: number,
): Promise<TokenizeResult> {
  // an earlier run's manifest is known before reading (to skip what its shards hold); a new one is
  // needed only by the first write
  const resumeAt: StreamPosition = (planned instanceof Promise ? undefined : planned.shards.at(-1)?.end) ?? { document: 0, token: 0 };
  let manifest: TokenizeManifest | undefined;
  let sink: ShardSink | undefined;
  let kept = 0;
  const inFlight: Promise<EncodedBatch>[] = []; // dealt, in order, not yet written
  const limit = threads * IN_FLIGHT_PER_THREAD;
  let bytes = 0;
  let documents = 0; // read in this run, after the skipped ones
  let skippedBytes = 0;
  const progress = () => {
    const elapsed = (performance.now() - started) / 1000;
    options.onProgress?.({
      stage: "tokenize",
      done: resumeAt.document + documents,
      total: options.rows ?? 0,
      elapsed,
      documents: resumeAt.document + documents,
      tokens: (manifest?.tokens ?? 0) + (sink?.pendingTokens ?? 0),
      bytes,
      mbPerSecond: bytes / 1e6 / Math.max(elapsed, 1e-9),
    });
  };
  const writeOne = async () => {
    if (!sink) {
      manifest = await planned;
      kept = manifest.shards.length;
      sink = new ShardSink(options.out, manifest, resumeAt);
    }
    const batch = await inFlight.shift()!;
    bytes += batch.bytes;
    await sink.push(batch);
    progress();
  };
  try {
    let batch: Document[] = [];
    let chars = 0;
    let index = 0;
    for await (const doc of readDocuments(inputs, { ...options, onProgress: options.onReadProgress })) {
      if (index++ < resumeAt.document) {
        skippedBytes += typeof doc === "string" ? Buffer.byteLength(doc) : doc.length;
        continue; // in the kept shards
      }
      batch.push(doc);
      documents++;
      chars += doc.length;
      if (chars < (options.batchCharacters ?? BATCH_CHARS)) continue;
      deal(batch);
      batch = [];
      chars = 0;
      if (inFlight.length >= limit) await writeOne();
    }
    if (batch.length > 0) deal(batch);
    while (inFlight.length > 0) await writeOne();
    manifest ??= await planned; // no documents at all
    await sink?.finish();
  } catch (error) {
    await Promise.allSettled(inFlight);
    await sink?.discard();
    throw error;
  }
  manifest.documents = resumeAt.document + documents;
  manifest.bytes = skippedBytes + bytes;
  const seconds = (performance.now() - started) / 1000;
  return { manifest, kept, run: { bytes, tokens: sink?.runTokens ?? 0, seconds } };

  function deal(docs: Document[]) {
    const encoded = encode(docs);
    encoded.catch(() => {}); // awaited in order by writeOne; this only stops an early rejection being "unhandled"
    inFlight.push(encoded);
  }
}

/**
 * Fills shards from encoded batches: the val shard (if any) with the first valTokens tokens, then
 * train shards of shardTokens each; the last shard holds what is left. Tracks where in the document
 * stream each shard starts and ends, for the manifest and for resuming.
 */
class ShardSink {
  private shard: ShardFile | undefined;
  private record: Omit<ShardRecord, "bytes" | "tokens" | "end"> | undefined;
  private position: StreamPosition; // of the next token to write
  private skip: number; // tokens of the first document already in kept shards
  runTokens = 0;

  constructor(
    private readonly out: string,
    private readonly manifest: TokenizeManifest,
    start: StreamPosition,
  ) {
    this.position = { ...start };
    this.skip = start.token;
  }

  /** Tokens in the shard under way (not yet in manifest.tokens). */
  get pendingTokens(): number {
    return this.shard?.tokens ?? 0;
  }

  async push(batch: EncodedBatch): Promise<void> {
    let ids: TokenArray = batch.ids;
    const lengths = batch.lengths;
    let k = 0; // document of the batch the next token belongs to
    let t = 0; // tokens of document k already written (or skipped)
    if (this.skip > 0) {
      ids = ids.subarray(this.skip);
      t = this.skip;
      this.skip = 0;
    }
    let at = 0;
    while (true) {
      // documents ended (or empty) move the position on
      while (k < lengths.length && t === lengths[k]) {
        k++;
        t = 0;
        this.position = { document: this.position.document + 1, token: 0 };
      }
      if (at === ids.length) break;
      if (!this.shard) await this.open();
      const room = this.capacity() - this.shard!.tokens;
      const n = Math.min(room, ids.length - at);
      await this.shard!.append(ids.subarray(at, at + n));
      at += n;
      this.runTokens += n;
      // advance the position by n tokens, counting documents that begin in this shard
      let left = n;
      while (left > 0) {
        if (t === lengths[k]) {
          k++;
          t = 0;
          this.position = { document: this.position.document + 1, token: 0 };
          continue;
        }
        if (t === 0) this.record!.documents++;
        const take = Math.min(left, lengths[k] - t);
        t += take;
        left -= take;
        this.position = { document: this.position.document, token: t };
      }
      if (t === lengths[k]) {
        k++;
        t = 0;
        this.position = { document: this.position.document + 1, token: 0 };
      }
      if (this.shard!.tokens === this.capacity()) await this.close();
    }
  }

  private index(): number {
    return this.manifest.shards.length;
  }

  private isVal(): boolean {
    return this.index() === 0 && this.manifest.settings.valTokens > 0;
  }

  private capacity(): number {
    return this.isVal() ? this.manifest.settings.valTokens : this.manifest.settings.shardTokens;
  }

  private async open(): Promise<void> {
    const { name, format, tokenType } = this.manifest.settings;
    const split = this.isVal() ? "val" : "train";
    const file = shardName(name, split, this.index(), format);
    this.shard = await ShardFile.create(join(this.out, file), format, tokenType, this.capacity());
    this.record = { file, split, documents: 0, start: { ...this.position } };
  }

  private async close(): Promise<void> {
    const bytes = await this.shard!.close();
    this.manifest.shards.push({ ...this.record!, tokens: this.shard!.tokens, bytes, end: { ...this.position } });
    this.manifest.tokens += this.shard!.tokens;
    this.manifest.documents = this.position.document;
    this.shard = undefined;
    this.record = undefined;
    await writeManifest(this.out, this.manifest);
  }

  async finish(): Promise<void> {
    if (this.shard && this.shard.tokens > 0) await this.close();
    else await this.discard();
  }

  async discard(): Promise<void> {
    await this.shard?.discard();
    this.shard = undefined;
  }
}
