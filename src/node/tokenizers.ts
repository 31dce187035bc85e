// Reading and writing tokenizer files in any format (see src/formats/).
import { companionPath, detectFormat, formatForPath, loadTokenizer, saveTokenizer, type FormatName } from "../formats/index.js";
import type { EngineName } from "../engine.js";
import type { Tokenizer } from "../tokenizer.js";
import { writeFiles } from "./files.js";
import { existsSync } from "node:fs";
import { isEncodingName } from "../encodings.js";
import { loadEncoding } from "./encodings.js";
import { readText } from "./tiktoken.js";

/**
 * Loads a tokenizer from a path or http(s) URL in any format (gzip or not), or by the name
 * cl100k_base / o200k_base / p50k_base / r50k_base (see ./encodings.ts). A tiktoken file's sidecar is read from `FILE.json` when present.
 */
export async function loadTokenizerFile(where: string, options: { engine?: EngineName } = {}): Promise<Tokenizer> {
  if (isEncodingName(where) && !existsSync(where)) return loadEncoding(where, options);
  const path = where;
  const text = (await readText(path))!;
  let sidecar: string | undefined;
  if (detectFormat(text, where) === "tiktoken") sidecar = (await readText(`${path}.json`, true)) ?? (await readText(`${path.replace(/\.gz$/, "")}.json`, true));
  return loadTokenizer(text, { source: where, sidecar, engine: options.engine });
}

/**
 * Writes a tokenizer, whole or not at all, in `format` or the one its name suggests (.tiktoken,
 * .json for HuggingFace, .model for minbpe, else bytepair's own). tiktoken also writes `FILE.json`
 * (pattern and special tokens), minbpe also writes the `.vocab` listing.
 */
export async function saveTokenizerFile(tokenizer: Tokenizer, path: string, format: FormatName = formatForPath(path)): Promise<string[]> {
  const saved = saveTokenizer(tokenizer, format, path);
  const files = [{ path, content: saved.text }, ...(saved.companion ? [{ path: saved.companion.path, content: saved.companion.text }] : [])];
  await writeFiles(files); // both or neither
  return files.map((f) => f.path);
}

export { companionPath };
