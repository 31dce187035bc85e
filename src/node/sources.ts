// Documents in Node: everything the browser-safe data layer (src/sources/) reads, plus local
// files, directories (searched recursively), globs, "-" for stdin, and the hub settings from the
// environment as huggingface_hub reads them (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE).
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { BytepairError, throwIfAborted } from "../errors.js";
import { globBase, globToRegex, hasGlob } from "../sources/glob.js";
import { DEFAULT_ENDPOINT, hubShardStream, isDatasetName } from "../sources/hub.js";
import { isRemote, readShards, remoteShards } from "../sources/read.js";
import { bufferOf, kindOf, peek, SNIFF_BYTES } from "../sources/sniff.js";
import { formatOf, SUPPORTED, type Row, type Shard, type StreamOptions } from "../sources/types.js";
import type { Document } from "../types.js";
import { fileBuffer } from "./open.js";

export interface SourceOptions extends StreamOptions {
  /** Standard input, for "-". */
  stdin?: AsyncIterable<Uint8Array>;
  /** Stops reading (checked before each row): the generator throws the signal's reason, or a BytepairError with code ERR_ABORTED. */
  signal?: AbortSignal;
  /** Where HF_* settings come from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** The documents of every input, in order. */
export async function* readDocuments(inputs: readonly string[], options: SourceOptions = {}): AsyncGenerator<Document> {
  for await (const row of readRows(inputs, options)) yield row.text;
}

/** The rows of every input, in order, with their column values (parquet, jsonl). */
export async function* readRows(inputs: readonly string[], options: SourceOptions = {}): AsyncGenerator<Row> {
  const all = { ...options, stats: options.stats ?? { requests: 0, bytes: 0 } }; // one tally for resolving and reading
  throwIfAborted(options.signal);
  const lazy = options.shards === undefined && inputs.some(isHubDataset);
  for await (const row of readShards(lazy ? shardStream(inputs, all) : await resolveShards(inputs, all), all)) {
    throwIfAborted(options.signal);
    yield row;
  }
}

const isHubDataset = (input: string) => isDatasetName(input) && isNetworkInput(input);

/**
 * As resolveShards, but a hub dataset's shards come as its listing goes (hubShardStream). Every
 * other input is resolved first, so a missing file is still an error before any row is read.
 */
async function* shardStream(inputs: readonly string[], options: SourceOptions): AsyncGenerator<Shard> {
  const resolved = new Map<string, Shard[]>();
  for (const input of inputs) if (!isHubDataset(input)) resolved.set(input, await resolveShards([input], options));
  for (const input of inputs) {
    if (resolved.has(input)) yield* resolved.get(input)!;
    else {
      const withHub = { ...hubSettings(options.env ?? process.env), ...definedOnly(options) };
      yield* hubShardStream(input, { ...withHub, http: withHub });
    }
  }
}

/** Every input as shards: local files, directories and globs, URLs, hf:// URLs, dataset names, stdin. */
export async function resolveShards(inputs: readonly string[], options: SourceOptions = {}): Promise<Shard[]> {
  // the environment (and a token file) is read only when the hub may be asked
  const withHub: SourceOptions = inputs.some(isNetworkInput) ? { ...hubSettings(options.env ?? process.env), ...definedOnly(options) } : options;
  const shards: Shard[] = [];
  for (const input of inputs) {
    if (input === "-") shards.push(await streamShard("stdin", options.stdin ?? process.stdin));
    else if (isNetworkInput(input)) shards.push(...(await remoteShards(input, withHub))!);
    else shards.push(...(await localShards(input)));
  }
  return shards;
}

/** Inputs as the names of their files (directories and globs expanded; remote inputs resolved). */
export async function expandInputs(inputs: readonly string[], options: SourceOptions = {}): Promise<string[]> {
  return (await resolveShards(inputs, options)).map((s) => s.name);
}

/** Bytes on disk of local inputs (the denominator for progress); 0 when any input is remote or stdin. */
export async function inputSize(inputs: readonly string[]): Promise<number> {
  if (inputs.some((i) => i === "-" || isNetworkInput(i))) return 0;
  let total = 0;
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info && !info.isFile() && !info.isDirectory()) return 0; // a FIFO or device: opening it would take its bytes
    for (const shard of await localShards(input)) total += shard.size ?? 0;
  }
  return total;
}

/** True when an input is read over the network: a URL, or OWNER/NAME that is not a local path. */
export function isNetworkInput(input: string): boolean {
  return isRemote(input) || (isDatasetName(input) && !existsSync(input));
}

/** HF_ENDPOINT, HF_TOKEN (else HUGGING_FACE_HUB_TOKEN, else the token file) and HF_HUB_OFFLINE. */
export function hubSettings(env: Record<string, string | undefined>): { endpoint: string; token?: string; offline: boolean } {
  const endpoint = (env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const offline = /^(1|on|yes|true)$/i.test(env.HF_HUB_OFFLINE ?? "");
  let token = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
  if (!token && !/^(1|on|yes|true)$/i.test(env.HF_HUB_DISABLE_IMPLICIT_TOKEN ?? "")) {
    const home = env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "huggingface");
    try {
      token = readFileSync(env.HF_TOKEN_PATH || join(home, "token"), "utf8").trim() || undefined;
    } catch {
      // no token file: anonymous, as huggingface_hub
    }
  }
  return { endpoint, token, offline };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function localShards(input: string): Promise<Shard[]> {
  const info = await stat(input).catch(() => null);
  if (info?.isDirectory()) {
    const files = (await walk(input)).filter((f) => formatOf(f) !== null);
    if (files.length === 0) throw new BytepairError(`${input} holds no files bytepair reads (${SUPPORTED}).`);
    return Promise.all(files.map((f) => fileShard(f)));
  }
  if (info) {
    // a FIFO or device is read once, in order: sniffed from its stream (stdin likewise)
    if (!info.isFile()) return [await streamShard(input, createReadStream(input, { highWaterMark: 1 << 20 }), formatOf(input))];
    return [await fileShard(input, info.size)];
  }
  if (hasGlob(input)) {
    const base = globBase(input) || ".";
    const regex = globToRegex(input.startsWith("./") ? input.slice(2) : input);
    const files = (await walk(base).catch(() => [])).filter((f) => regex.test(base === "." ? f.replace(/^\.\//, "") : f) && formatOf(f) !== null);
    if (files.length === 0) throw new BytepairError(`${input} matches no files bytepair reads (${SUPPORTED}).`);
    return Promise.all(files.map((f) => fileShard(f)));
  }
  throw new BytepairError(`${input}: no such file or directory.`);
}

/** Files under a directory, recursively, in path order (names starting with "." are left out). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A local file, its kind from its first bytes and its name (content wins: see sniff.ts). */
async function fileShard(path: string, size?: number): Promise<Shard> {
  const kind = kindOf(path, await headOf(path), formatOf(path));
  if (!kind) {
    const ext = /\.[^./]+$/.exec(path)?.[0] ?? "(none)";
    throw new BytepairError(`${path}: unsupported input type "${ext}" (use ${SUPPORTED}, a directory of them, or -).`);
  }
  return {
    name: path,
    ...kind,
    size: size ?? (await stat(path)).size,
    buffer: () => fileBuffer(path),
    stream: () => createReadStream(path, { highWaterMark: 1 << 20 }),
    origin: { path },
  };
}

async function headOf(path: string): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Standard input, a FIFO or a device: read once, so its first bytes are peeked and replayed. Parquet
 * (which needs random access) is read whole into memory; anything else is text, or what its name
 * says, gzip or zstd decompressed when its bytes are.
 */
async function streamShard(name: string, source: AsyncIterable<Uint8Array>, byName: ReturnType<typeof formatOf> = null): Promise<Shard> {
  const { head, stream } = await peek(source);
  const kind = kindOf(name, head, byName) ?? { format: "txt" as const, compression: null };
  let whole: ReturnType<typeof bufferOf> | undefined;
  let used = false;
  return {
    name,
    ...kind,
    buffer: () => (whole ??= bufferOf(stream)),
    stream: () => {
      if (used) throw new BytepairError(`${name} can be read only once.`);
      used = true;
      return stream;
    },
  };
}
