// OpenAI's encodings by name (cl100k_base, o200k_base, p50k_base, r50k_base), from wherever their
// ranks are: a `.tiktoken` file's text, or js-tiktoken's compact rank modules
// (`js-tiktoken/ranks/NAME`), which hold the same ranks (rebuilt, the file's SHA-256 matches
// tiktoken's expected hash for all four). Browser-safe: the caller says how to load; the Node
// entry's loadEncoding (src/node/encodings.ts) also looks in folders, caches and node_modules.
import { BytepairError } from "./errors.js";
import { loadTiktoken, sha256Hex, TIKTOKEN_ENCODINGS } from "./formats/tiktoken.js";
import type { Tokenizer } from "./tokenizer.js";

export type EncodingName = "cl100k_base" | "o200k_base" | "p50k_base" | "r50k_base";
export const ENCODING_NAMES = Object.keys(TIKTOKEN_ENCODINGS) as EncodingName[];

/** A js-tiktoken rank module's default export (only the field bytepair reads). */
export interface CompactRanks {
  /** Lines `FIRST_TOKEN_LABEL OFFSET base64 base64 ...`: consecutive ranks from OFFSET. */
  bpe_ranks: string;
}

/** What a loader may return for a name: a `.tiktoken` file's text or bytes, js-tiktoken's ranks, or nothing (not found). */
export type EncodingRanks = string | Uint8Array | CompactRanks | undefined;
export type EncodingLoader = (name: EncodingName) => EncodingRanks | Promise<EncodingRanks>;

export interface LoadEncodingOptions {
  /** Where the ranks come from, e.g. `(name) => fetch(`/vocab/${name}.tiktoken`).then((r) => r.text())` or `(name) => import(`js-tiktoken/ranks/${name}`).then((m) => m.default)`. */
  load?: EncodingLoader;
}

export function isEncodingName(name: string): name is EncodingName {
  return Object.hasOwn(TIKTOKEN_ENCODINGS, name);
}

/** An encoding by name through `options.load` (in a browser, the only way). */
export async function loadEncoding(name: EncodingName, options: LoadEncodingOptions = {}): Promise<Tokenizer> {
  checkName(name);
  if (!options.load) throw new BytepairError(`loadEncoding("${name}") needs a load function here (in Node, bytepair/node looks in folders and node_modules).`, "ERR_USAGE");
  const ranks = await options.load(name);
  if (ranks === undefined) throw new BytepairError(`The loader found no ranks for ${name}.`, "ERR_NOT_FOUND");
  return (await encodingFromRanks(name, ranks, `${name} (from the loader)`)).useBestEngine();
}

export function checkName(name: string): asserts name is EncodingName {
  if (!isEncodingName(name)) throw new BytepairError(`"${name}" is not an encoding bytepair knows; choose one of ${ENCODING_NAMES.join(", ")}.`, "ERR_NOT_FOUND");
}

/** A tokenizer (TS encoder) from the ranks of a known encoding; the ranks must hash to tiktoken's expected SHA-256. */
export async function encodingFromRanks(name: EncodingName, ranks: string | Uint8Array | CompactRanks, source: string): Promise<Tokenizer> {
  const text = typeof ranks === "string" || ranks instanceof Uint8Array ? ranks : tiktokenFromCompact(ranks, source);
  const hash = await sha256Hex(text);
  if (hash !== TIKTOKEN_ENCODINGS[name].sha256) {
    throw new BytepairError(`${source} is not ${name}: its SHA-256 is ${hash}, tiktoken expects ${TIKTOKEN_ENCODINGS[name].sha256}.`);
  }
  return loadTiktoken(text, TIKTOKEN_ENCODINGS[name], source);
}

/** js-tiktoken's compact ranks as a `.tiktoken` file's text (`base64 rank` lines, in rank order). */
export function tiktokenFromCompact(ranks: CompactRanks, source = "js-tiktoken ranks"): string {
  if (typeof ranks?.bpe_ranks !== "string") throw new BytepairError(`${source} has no bpe_ranks text.`);
  const lines: string[] = [];
  for (const row of ranks.bpe_ranks.split("\n")) {
    if (row === "") continue;
    const fields = row.split(" ");
    const offset = Number(fields[1]);
    if (!Number.isInteger(offset)) throw new BytepairError(`${source}: a line starts ${JSON.stringify(row.slice(0, 40))}, not "LABEL OFFSET TOKENS...".`);
    for (let i = 2; i < fields.length; i++) lines.push(`${fields[i]} ${offset + i - 2}`);
  }
  return lines.join("\n") + "\n";
}
