// OpenAI's encodings by name in Node, looked up in this order (the first found wins; nothing is
// downloaded):
//   1. options.load, then options.dir (either naming below), else
//   2. $BYTEPAIR_TIKTOKEN_DIR: NAME.tiktoken or NAME.tiktoken.gz
//   3. Python tiktoken's cache: $TIKTOKEN_CACHE_DIR, else $DATA_GYM_CACHE_DIR, else
//      <tmpdir>/data-gym-cache, where each file is named by the SHA-1 of its download URL
//   4. ../shared/data/tiktoken/ beside a bytepair checkout (a plain file: faster than 5)
//   5. the js-tiktoken package, when installed (its ranks/NAME modules; an optional peer dependency)
// Whatever is found must hash to tiktoken's expected SHA-256, so the ids are tiktoken's.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkName, encodingFromRanks, type CompactRanks, type EncodingLoader, type EncodingName } from "../encodings.js";
import { BytepairError } from "../errors.js";
import { TIKTOKEN_ENCODINGS } from "../formats/tiktoken.js";
import type { EngineName } from "../engine.js";
import type { Tokenizer } from "../tokenizer.js";
import { readBytes } from "./tiktoken.js";

export interface NodeLoadEncodingOptions {
  /** Ranks from your own code (tried first): a `.tiktoken` text or js-tiktoken's ranks. */
  load?: EncodingLoader;
  /** Look only in this folder (NAME.tiktoken[.gz], or tiktoken cache files named by SHA-1). */
  dir?: string;
  /** The encoder to use (default: wasm when it loads here). */
  engine?: EngineName;
}

const SHARED_TIKTOKEN = fileURLToPath(new URL("../../../shared/data/tiktoken/", import.meta.url));

/** The places searched, in order, as one line each (what `--help` and the not-found error show). */
export function encodingSearchPath(): string[] {
  const env = process.env;
  return [
    ...(env.BYTEPAIR_TIKTOKEN_DIR ? [`$BYTEPAIR_TIKTOKEN_DIR (${env.BYTEPAIR_TIKTOKEN_DIR})`] : ["$BYTEPAIR_TIKTOKEN_DIR (unset)"]),
    `tiktoken's cache (${tiktokenCacheDir()})`,
    `${SHARED_TIKTOKEN} (a bytepair checkout's shared data)`,
    "the js-tiktoken package (npm install js-tiktoken)",
  ];
}

/** cl100k_base, o200k_base, p50k_base or r50k_base, from the first place that has it (see above). */
export async function loadEncoding(name: EncodingName, options: NodeLoadEncodingOptions = {}): Promise<Tokenizer> {
  const tokenizer = await findEncoding(name, options);
  return options.engine ? tokenizer.useEngine(options.engine) : tokenizer.useBestEngine();
}

async function findEncoding(name: EncodingName, options: NodeLoadEncodingOptions): Promise<Tokenizer> {
  checkName(name);
  if (options.load) {
    const ranks = await options.load(name);
    if (ranks !== undefined) return encodingFromRanks(name, ranks, `${name} (from the loader)`);
  }
  if (options.dir) {
    const file = fileIn(options.dir, name);
    if (!file) throw new BytepairError(`No ${name}.tiktoken[.gz] or tiktoken cache file for ${name} in ${options.dir}.`, "ERR_NOT_FOUND");
    return encodingFromRanks(name, (await readBytes(file))!, file);
  }
  for (const dir of [process.env.BYTEPAIR_TIKTOKEN_DIR, tiktokenCacheDir()]) {
    const file = dir ? fileIn(dir, name) : undefined;
    if (file) return encodingFromRanks(name, (await readBytes(file))!, file);
  }
  const shared = fileIn(SHARED_TIKTOKEN, name);
  if (shared) return encodingFromRanks(name, (await readBytes(shared))!, shared);
  const compact = await fromJsTiktoken(name);
  if (compact) return encodingFromRanks(name, compact, `js-tiktoken/ranks/${name}`);
  throw new BytepairError(
    `${name} was not found in ${encodingSearchPath().join(", ")}; install js-tiktoken, or set BYTEPAIR_TIKTOKEN_DIR to a folder with ${name}.tiktoken (${TIKTOKEN_ENCODINGS[name].url}).`,
    "ERR_NOT_FOUND",
  );
}

/** Python tiktoken's cache folder, as tiktoken/load.py chooses it. */
export function tiktokenCacheDir(): string {
  return process.env.TIKTOKEN_CACHE_DIR || process.env.DATA_GYM_CACHE_DIR || join(tmpdir(), "data-gym-cache");
}

/** NAME.tiktoken, NAME.tiktoken.gz or the tiktoken cache's sha1(url) file in `dir`, if there. */
function fileIn(dir: string, name: EncodingName): string | undefined {
  const cached = createHash("sha1").update(TIKTOKEN_ENCODINGS[name].url).digest("hex");
  return [`${name}.tiktoken`, `${name}.tiktoken.gz`, cached].map((file) => join(dir, file)).find((path) => existsSync(path));
}

/** js-tiktoken's ranks module, resolved from bytepair's own folder, then from the working directory. */
async function fromJsTiktoken(name: EncodingName): Promise<CompactRanks | undefined> {
  for (const base of [import.meta.url, pathToFileURL(join(process.cwd(), "index.js")).href]) {
    let path: string;
    try {
      path = createRequire(base).resolve(`js-tiktoken/ranks/${name}`);
    } catch {
      continue;
    }
    // the ESM file beside the CommonJS one require() resolves to (same data)
    const esm = path.replace(/\.cjs$/, ".js");
    const module = (await import(pathToFileURL(existsSync(esm) ? esm : path).href)) as { default: CompactRanks };
    return module.default;
  }
  return undefined;
}
