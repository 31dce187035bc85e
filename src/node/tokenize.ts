// tokenizeDataset(): a whole dataset into the token shards a model trains on (llm.c `.bin` or `.npy`),
// as llm.c's dev/data/fineweb.py does with tiktoken in a process pool:
//   1. load the tokenizer (and hash it), choose the token type and the separator; with N threads,
//      N - 1 workers load it too
//   2. plan: read DIR/manifest.json of an earlier run and keep its complete shards
//   3. encode: units of input (parquet row groups, JSON Lines byte ranges, pieces of text files:
//      src/pipeline/units.ts) are dealt to this thread and N - 1 workers, which read and encode them
//      on their own; selection as training's (src/pipeline/schedule.ts)
//   4. write: units' ids, in unit order, fill shards of exactly N tokens (a document may straddle two
//      shards, as in llm.c); each shard is renamed into place when whole, then the manifest records
//      it, so a rerun resumes after the last complete shard
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { BytepairError } from "../errors.js";
import { detectFormat } from "../formats/index.js";
import type { ShardRef } from "../pipeline/protocol.js";
import { textCut } from "../pipeline/schedule.js";
import { checkColumns, OpenShard, shardUnits, type ReadSpec } from "../pipeline/units.js";
import { selectShards } from "../sources/select.js";
import type { ReadProgress, Shard } from "../sources/types.js";
import { parseWhere } from "../sources/where.js";
import { writeFileAtomic } from "./files.js";
import { useNodeCodecs } from "./open.js";
import { resolveShards, type SourceOptions } from "./sources.js";
import { MAX_SHARD_TOKENS, openTemps, ShardFile, shardBytes, shardName, tokenTypeFor, type TokenFileFormat, type TokenType } from "./shards.js";
import {
  type EncodedPart,
  type Executor,
  LocalExecutor,
  PART_BYTES,
  loadEncoder,
  type Separator,
  type SeparatorRequest,
  type TokenizerSource,
  UnitEncoder,
  type UnitTask,
  vocabularyFacts,
  type VocabularyFacts,
  WorkerExecutor,
} from "./tokenize-pool.js";
import { readBytes, readText, tiktokenPath } from "./tiktoken.js";
import { availableParallelism } from "node:os";

useNodeCodecs(); // node:zlib's zstd and gzip on this thread too (the one-thread path)

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
  /** Threads that read and encode (default every core): the calling thread (which also writes the shards) and threads - 1 workers. */
  threads?: number;
  /** Text encoded between the parts a unit's ids come back in (bytes, default 1 MiB; tests make it small). */
  partBytes?: number;
  /** Bytes per JSON Lines / text range unit and per text piece (defaults 16 MiB, 4 MiB; tests make them small). */
  unitBytes?: number;
  pieceBytes?: number;
  /**
   * A parquet row group with more text than this (bytes, default 128 MiB) is shared by all threads:
   * each decodes it and encodes its share of the rows (one thread alone would hold up the others).
   */
  groupBytes?: number;
  onProgress?: (progress: TokenizeProgress) => void;
  /** The data layer's progress (documents, bytes, shards; worth showing when reading over the network). */
  onReadProgress?: (progress: ReadProgress) => void;
}

export interface TokenizeProgress {
  stage: "tokenize";
  /** Documents written so far (with --rows: of `total`). */
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
/**
 * Default groupBytes. Units are written in order and at most IN_FLIGHT_PER_THREAD a thread wait to
 * be written, so a unit far larger than the rest leaves the other threads idle while one encodes it
 * (the kernel parquet set's last row group of shard 05: 462 MB of its 1.53 GB, ~2/3 of the run on
 * one thread). Shared, it costs each thread one decoding of the group (~2 s for that one, most of it
 * first touches of fresh memory), so only groups far above the usual few MB are shared.
 */
export const GROUP_BYTES = 128 << 20;
/** A shared group is decoded whole by every thread with a share: at most this much of its text held across them. */
const SHARED_GROUP_BYTES = 1 << 30;
/** Units dealt but not yet written, per worker (one encoding, one waiting, one done): bounds memory. */
const IN_FLIGHT_PER_THREAD = 3;
/**
 * Parts of its unit waiting to be written beyond which this thread's own encoding waits for the
 * writer (a huge unit's ids are not all held). Only its own: the workers' parts wait for units
 * before theirs, which may be this thread's (waiting on them would never end).
 */
const PENDING_PARTS = 16;

/** Tokenizes documents into shards in `options.out`; resumes an earlier run of the same settings there. */
export async function tokenizeDataset(inputs: readonly string[], options: TokenizeOptions): Promise<TokenizeResult> {
  const started = performance.now();
  // 1. tokenizer, token type, separator: with workers, they load it and the first one says what it holds
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (options.bos !== undefined && options.eos !== undefined) throw new BytepairError("Give --bos or --eos, not both.");
  const wanted = options.bos ?? options.eos;
  const separator: SeparatorRequest = wanted === undefined ? null : { place: options.bos !== undefined ? "bos" : "eos", text: wanted };
  const { onProgress: _, ...sourceOptions } = options; // tokenize's progress, not the reader's
  // This thread encodes too (it would otherwise idle between writes), beside threads - 1 workers:
  // workers open shards from their origin (paths, URLs); standard input is read here. They start
  // first (booting while this thread reads the tokenizer), load the tokenizer before the inputs
  // are resolved, and are stopped if one has no origin.
  const workers: WorkerExecutor[] = [];
  if (threads > 1 && !inputs.includes("-")) for (let i = 1; i < threads; i++) workers.push(new WorkerExecutor());
  try {
    const source = await readTokenizerSource(options.tokenizer);
    const http = { timeout: options.timeout, retries: options.retries, retryDelay: options.retryDelay };
    for (const w of workers) w.init({ tokenizer: source, separator, partBytes: options.partBytes ?? PART_BYTES, http });
    const local = loadEncoder(source, separator);
    local.catch(() => {}); // awaited below; a failure to resolve the inputs comes first
    const shards = selectShards(await resolveShards(inputs, sourceOptions), options.shards);
    if (!shards.every((s) => s.origin)) await Promise.all(workers.splice(0).map((w) => w.close()));
    const known = vocabularyFacts((await local).tokenizer);
    // 2. settings, output directory, earlier run
    const existing = await stat(options.out).catch(() => null);
    if (existing && !existing.isDirectory()) throw new BytepairError(`${options.out} is not a directory: tokenize writes its shards and manifest.json into one.`);
    await mkdir(options.out, { recursive: true });
    const manifest = await resumeFrom(options.out, planSettings(inputs, options, known, source));
    if (manifest.complete) return { manifest, kept: manifest.shards.length, run: { bytes: 0, tokens: 0, seconds: (performance.now() - started) / 1000 } };
    // 3. + 4. encode and write
    const spec = readSpec(options, known, shards);
    for (const w of workers) w.setSpec(spec);
    const { tokenizer, separator: found } = await local;
    // the workers first: this thread also writes every part, so it takes a unit only when every
    // worker holds its IN_FLIGHT (dealt to it first, main encoded ~3/4 of the text while the writer fell
    // behind and the worker idled: 300 MB of kernel JSON Lines on 2 threads 6.16 -> ~5.0 s, 72 MB of
    // FineWeb ~2.0 -> ~1.8 s); a worker still booting only queues its units
    const executors: Executor[] = [...workers, new LocalExecutor(new UnitEncoder(tokenizer, found ?? null, spec, options.partBytes))];
    const cleanup = removeTempsOnSignal();
    try {
      const written = await encodeAndWrite(shards, options, executors, spec, manifest, started);
      written.manifest.complete = true;
      await writeManifest(options.out, written.manifest);
      return written;
    } finally {
      cleanup();
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}


/** What the units read: the text column / field, --where, and where a text file may be cut (by the tokenizer's pattern). */
function readSpec(o: TokenizeOptions, facts: VocabularyFacts, shards: readonly Shard[]): ReadSpec {
  const where = parseWhere(o.where ?? []);
  const text = where.length > 0 ? shards.find((s) => s.format === "txt") : undefined;
  if (text) throw new BytepairError(`${text.name} is a text file with no columns for --where to test.`);
  // special tokens are ordinary text here (encode_ordinary): only the pattern decides where chunks end
  return { column: o.column ?? "text", field: o.field ?? "text", where, cut: textCut(facts.pattern, []), unitBytes: o.unitBytes, pieceBytes: o.pieceBytes };
}

/** The tokenizer file's bytes (gunzipped), sidecar, and the name and SHA-256 recorded in the manifest. */
async function readTokenizerSource(where: string): Promise<TokenizerSource> {
  const path = tiktokenPath(where) ?? where;
  const bytes = (await readBytes(path))!;
  let sidecar: string | undefined;
  const head = new TextDecoder().decode(bytes.subarray(0, 4096)); // enough to tell the format
  if (detectFormat(head, where) === "tiktoken") sidecar = (await readText(`${path}.json`, true)) ?? (await readText(`${path.replace(/\.gz$/, "")}.json`, true));
  // for cl100k_base / o200k_base this is the SHA-256 tiktoken itself checks the file against (of
  // the file's bytes; the text's before, the same for any UTF-8 file)
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { bytes, source: where, sidecar, sha256 };
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

/** Wakes whoever waits for a change (a part encoded, a unit done or written, dealing over). */
class Pulse {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  fire(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A unit dealt: its parts as they arrive, until done, and who encodes it (who gets the parts' buffers back). */
interface Slot {
  task: UnitTask;
  exec: Executor;
  parts: EncodedPart[];
  done: boolean;
}

/** A text file's range unit after its first: its text continues the document begun before it. */
const continues = (task: UnitTask) => task.shard.format === "txt" && task.unit.kind === "range" && task.unit.start > 0;

/**
 * --skip, --rows, --bytes (and, resuming, the documents already in kept shards) decided unit by unit
 * in order from measured row lengths, as readShards decides them row by row: --where first, then
 * --skip, then the limits; a document is taken while the bytes before it are below --bytes.
 */
class Selection {
  stopped = false;
  /** Text bytes of the documents passed over because kept shards hold them. */
  skippedBytes = 0;
  private last: "take" | "pass" | "kept" = "pass"; // what became of the last document (a text file's next unit follows it)
  private readonly left: { skip: number; rows: number; bytes: number; kept: number };

  constructor(o: TokenizeOptions, kept: number) {
    this.left = { skip: o.skip ?? 0, rows: o.rows ?? Infinity, bytes: o.bytes ?? Infinity, kept };
  }

  /** Whether a unit may hold anything still wanted. */
  wants(task: UnitTask): boolean {
    return !this.stopped || (continues(task) && this.last === "take");
  }

  /** The rows of a measured unit to encode (null: none). */
  mask(lengths: Float64Array, continued: boolean): Uint8Array | null {
    const left = this.left;
    const mask = new Uint8Array(lengths.length);
    let any = false;
    for (let i = 0; i < lengths.length; i++) {
      const n = lengths[i];
      if (n < 0) continue; // no document, or --where not met
      if (i === 0 && continued) {
        // more of a text file begun in an earlier unit: taken with it
        if (this.last === "take") mask[0] = 1;
        if (this.last === "kept") this.skippedBytes += n;
        any ||= this.last === "take";
        continue;
      }
      if (this.stopped) break;
      if (left.skip > 0) {
        left.skip--;
        this.last = "pass";
        continue;
      }
      left.rows--;
      left.bytes -= n;
      if (left.rows <= 0 || left.bytes <= 0) this.stopped = true;
      if (left.kept > 0) {
        left.kept--;
        this.skippedBytes += n;
        this.last = "kept";
        continue;
      }
      mask[i] = 1;
      any = true;
      this.last = "take";
    }
    return any ? mask : null;
  }
}

/**
 * Steps 3 and 4: units planned in order are dealt to free executors (at most IN_FLIGHT_PER_THREAD
 * each not yet written); their parts are written in unit order as they arrive.
 */
async function encodeAndWrite(shards: readonly Shard[], options: TokenizeOptions, executors: Executor[], spec: ReadSpec, manifest: TokenizeManifest, started: number): Promise<TokenizeResult> {
  const resumeAt: StreamPosition = manifest.shards.at(-1)?.end ?? { document: 0, token: 0 };
  const kept = manifest.shards.length;
  const o = options;
  // selection by position (parquet, only --rows/--skip, not resuming): from the footers, nothing read twice
  const selecting = o.rows !== undefined || o.bytes !== undefined || (o.skip ?? 0) > 0 || spec.where.length > 0 || resumeAt.document > 0;
  const byPosition = selecting && spec.where.length === 0 && o.bytes === undefined && resumeAt.document === 0 && shards.every((s) => s.format === "parquet");
  const measure = selecting && !byPosition;
  const positions = byPosition ? { skip: o.skip ?? 0, take: o.rows ?? Infinity } : undefined;
  const selection = new Selection(o, resumeAt.document);
  const sink = new ShardSink(options.out, manifest, resumeAt);
  const groupBytes = o.groupBytes ?? GROUP_BYTES;

  // 1. units in order, planned lazily (a footer is read only when its shard's turn comes)
  let nextId = 0;
  async function* plan(): AsyncGenerator<UnitTask> {
    for (const [i, shard] of shards.entries()) {
      if (positions && positions.take <= 0) return;
      const metadata = shard.format === "parquet" ? await new OpenShard(shard).footer() : null;
      if (metadata) checkColumns(metadata, shard.name, [spec.column, ...spec.where.map((c) => c.column)]);
      const ref: ShardRef | null = shard.origin ? { name: shard.name, format: shard.format, compression: shard.compression, size: shard.size, origin: shard.origin } : null;
      for (const unit of shardUnits(shard, i, metadata, spec, positions)) {
        // a huge row group is shared by the threads (not when measuring: selection sees whole units)
        const share = unit.kind === "rows" && !measure && ref !== null && unit.estimate > groupBytes;
        const of = share ? Math.max(1, Math.min(executors.length, Math.floor(SHARED_GROUP_BYTES / unit.estimate))) : 1;
        if (of === 1) yield { id: nextId++, shard, ref, unit };
        else for (let index = 0; index < of; index++) yield { id: nextId++, shard, ref, unit, share: { index, of } };
      }
    }
  }

  // 2. (selection by measuring) which rows of each measured unit are encoded, decided in unit order
  const waiting = new Map<number, { lengths: Float64Array; continued: boolean; decide: (mask: Uint8Array | null) => void }>();
  let decided = 0;
  const decideInOrder = (task: UnitTask, lengths: Float64Array) =>
    new Promise<Uint8Array | null>((decide) => {
      waiting.set(task.id, { lengths, continued: continues(task), decide });
      for (let next = waiting.get(decided); next; next = waiting.get(decided)) {
        waiting.delete(decided++);
        next.decide(selection.mask(next.lengths, next.continued));
      }
    });

  // 3. deal units to executors with room, in order, while fewer than `limit` wait to be written
  const pulse = new Pulse();
  const queue: Slot[] = []; // dealt, in order, not yet written
  const running = new Set<Promise<void>>(); // this thread's own units under way
  const limit = executors.length * IN_FLIGHT_PER_THREAD;
  let failure: { error: unknown } | undefined;
  let dealing = true;
  const run = async (exec: Executor, slot: Slot) => {
    const { task } = slot;
    let mask: Uint8Array | undefined;
    if (measure) {
      const decision = await decideInOrder(task, await exec.measure(task));
      if (decision === null) return exec.drop(task);
      mask = decision;
    }
    const local = exec instanceof LocalExecutor;
    await exec.encode(
      task,
      async (part) => {
        slot.parts.push(part);
        pulse.fire();
        if (!local) return;
        // this thread encodes: let the writer, the dealer and the workers' messages have their turn
        await new Promise((resolve) => setImmediate(resolve));
        while (slot.parts.length > PENDING_PARTS && !failure) await pulse.wait();
        if (failure) throw failure.error; // stop here (the failure is already recorded)
      },
      mask,
    );
  };
  const deal = async () => {
    const units = plan();
    try {
      while (!failure) {
        const exec = executors.find((e) => e.busy < e.capacity); // in order: workers, then this thread
        if (!exec || queue.length >= limit) {
          await pulse.wait();
          continue;
        }
        const next = await units.next();
        if (next.done || !selection.wants(next.value)) break;
        const slot: Slot = { task: next.value, exec, parts: [], done: false };
        queue.push(slot);
        exec.busy++;
        const job: Promise<void> = run(exec, slot)
          .catch((error) => void (failure ??= { error }))
          .finally(() => {
            exec.busy--;
            slot.done = true;
            running.delete(job);
            pulse.fire();
          });
        if (exec instanceof LocalExecutor) running.add(job);
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      dealing = false;
      pulse.fire();
    }
  };

  // 4. write the head unit's parts as they come
  const progress = () => {
    const elapsed = (performance.now() - started) / 1000;
    const documents = resumeAt.document + sink.runDocuments;
    o.onProgress?.({ stage: "tokenize", done: documents, total: o.rows ?? 0, elapsed, documents, tokens: manifest.tokens + sink.pendingTokens, bytes: sink.runBytes, mbPerSecond: sink.runBytes / 1e6 / Math.max(elapsed, 1e-9) });
    o.onReadProgress?.({ stage: "read", done: documents, total: o.rows ?? 0, elapsed, rows: documents, bytes: sink.runBytes, fetched: 0, shard: (queue[0]?.task.unit.shard ?? shards.length - 1) + 1, shards: shards.length });
  };
  const dealt = deal();
  try {
    for (;;) {
      if (failure) throw failure.error;
      const head = queue[0];
      if (head?.parts.length) {
        const part = head.parts.shift()!;
        await sink.push(part);
        head.exec.recycle(part.ids.buffer as ArrayBuffer);
        pulse.fire();
        progress();
      } else if (head?.done) {
        queue.shift();
        pulse.fire();
      } else if (head || dealing) await pulse.wait();
      else break;
    }
    await dealt; // over: the loop ends once dealing has (a failure in it throws above)
    await sink.finish();
  } catch (error) {
    failure ??= { error };
    pulse.fire();
    await dealt;
    // this thread's own encoding stops at its next part; workers are stopped by the caller
    await Promise.allSettled(running);
    await sink.discard();
    throw error;
  }
  manifest.documents = resumeAt.document + sink.runDocuments;
  manifest.bytes = selection.skippedBytes + sink.runBytes;
  const seconds = (performance.now() - started) / 1000;
  return { manifest, kept, run: { bytes: sink.runBytes, tokens: sink.runTokens, seconds } };
}

/**
 * Fills shards from encoded parts: the val shard (if any) with the first valTokens tokens, then
 * train shards of shardTokens each; the last shard holds what is left. Tracks where in the document
 * stream each shard starts and ends, for the manifest and for resuming.
 */
class ShardSink {
  private shard: ShardFile | undefined;
  private record: Omit<ShardRecord, "bytes" | "tokens" | "end"> | undefined;
  private position: StreamPosition; // of the next token
  private skip: number; // tokens of the first document already in kept shards
  runTokens = 0;
  runBytes = 0;
  /** Documents begun in this run (the first counts even when it began in a kept shard). */
  runDocuments = 0;

  constructor(
    private readonly out: string,
    private readonly manifest: TokenizeManifest,
    start: StreamPosition,
  ) {
    this.position = { document: start.document, token: 0 };
    this.skip = start.token;
  }

  /** Tokens in the shard under way (not yet in manifest.tokens). */
  get pendingTokens(): number {
    return this.shard?.tokens ?? 0;
  }

  async push(part: EncodedPart): Promise<void> {
    const { ids, lengths } = part;
    this.runBytes += part.bytes;
    let at = 0; // next token of the part
    let from = 0; // first token of the part not yet appended
    for (let k = 0; k < lengths.length; k++) {
      if (k > 0 || !part.continued) this.runDocuments++;
      const ends = k < lengths.length - 1 || !part.open; // else the document goes on in the next part
      let advanced = false;
      let n = lengths[k];
      if (this.skip > 0) {
        // resuming inside a document: its first tokens are in the last kept shard
        const s = Math.min(this.skip, n);
        this.skip -= s;
        this.position.token += s;
        at += s;
        from = at;
        n -= s;
      }
      while (n > 0) {
        if (!this.shard) await this.open();
        if (this.position.token === 0) this.record!.documents++;
        const take = Math.min(n, this.capacity() - this.shard!.tokens - (at - from));
        at += take;
        n -= take;
        this.position.token += take;
        if (this.shard!.tokens + (at - from) < this.capacity()) continue;
        // the shard is full; its end is after the document when the document ends with it
        if (n === 0 && ends) {
          this.position = { document: this.position.document + 1, token: 0 };
          advanced = true;
        }
        await this.append(ids.subarray(from, at));
        from = at;
        await this.close();
      }
      if (ends && !advanced) this.position = { document: this.position.document + 1, token: 0 };
    }
    await this.append(ids.subarray(from, at));
  }

  private async append(ids: EncodedPart["ids"]): Promise<void> {
    if (ids.length === 0) return;
    await this.shard!.append(ids);
    this.runTokens += ids.length;
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
