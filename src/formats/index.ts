// Every tokenizer format, behind one load and one save (browser-safe: text in, text out).
//   bytepair  the native format (native.ts)         tiktoken  `.tiktoken` + sidecar JSON (tiktoken.ts)
//   hf        HuggingFace tokenizer.json (hf.ts)    minbpe    `.model` + `.vocab` (minbpe.ts)
import { BytepairError, UsageError } from "../errors.js";
import type { EngineName } from "../engine.js";
import type { Tokenizer } from "../tokenizer.js";
import { loadHf, saveHf } from "./hf.js";
import { loadMinbpeModel, saveMinbpeModel, saveMinbpeVocab } from "./minbpe.js";
import { loadNative, saveNative } from "./native.js";
import { loadTiktoken, recognizeTiktoken, saveTiktoken, TIKTOKEN_ENCODINGS, type TiktokenSidecar } from "./tiktoken.js";

export type FormatName = "bytepair" | "tiktoken" | "hf" | "minbpe";
export const FORMATS: readonly FormatName[] = ["bytepair", "tiktoken", "hf", "minbpe"];

/** What a file holds, from its first bytes. */
export function detectFormat(text: string, source = "this file"): FormatName {
  const head = text.trimStart().slice(0, 32);
  if (head.startsWith("bytepair-tokenizer")) return "bytepair";
  if (head.startsWith("minbpe v")) return "minbpe";
  if (head.startsWith("{")) return "hf";
  if (/^[A-Za-z0-9+/]+=* \d+\s/.test(text.slice(0, 200))) return "tiktoken";
  throw new BytepairError(`${source} is not a bytepair tokenizer, nor a tiktoken, HuggingFace tokenizer.json or minbpe .model file.`);
}

/** The format a file name suggests when saving: .tiktoken, .json (HuggingFace), .model (minbpe), else bytepair. */
export function formatForPath(path: string): FormatName {
  if (/\.tiktoken$/i.test(path)) return "tiktoken";
  if (/\.json$/i.test(path)) return "hf";
  if (/\.model$/i.test(path)) return "minbpe";
  return "bytepair";
}

/** A saved tokenizer: the main file's text, and a companion file (tiktoken's sidecar, minbpe's .vocab). */
export interface SavedTokenizer {
  text: string;
  companion?: { path: string; text: string };
}

/** Where a format's companion file goes, beside `path`. */
export function companionPath(path: string, format: FormatName): string | undefined {
  if (format === "tiktoken") return `${path}.json`;
  if (format === "minbpe") return /\.model$/i.test(path) ? path.replace(/\.model$/i, ".vocab") : `${path}.vocab`;
  return undefined;
}

export function saveTokenizer(t: Tokenizer, format: FormatName, path = "tokenizer"): SavedTokenizer {
  const companion = companionPath(path, format);
  switch (format) {
    case "bytepair":
      return { text: saveNative(t) };
    case "hf":
      return { text: saveHf(t) };
    case "minbpe":
      return { text: saveMinbpeModel(t), companion: { path: companion!, text: saveMinbpeVocab(t) } };
    case "tiktoken": {
      const { ranks, sidecar } = saveTiktoken(t);
      return { text: ranks, companion: { path: companion!, text: sidecar } };
    }
  }
}

/**
 * A tokenizer from a file's text in any format. `sidecar` is the text of a tiktoken file's sidecar,
 * if there is one; without it the file must be a known encoding (cl100k_base, o200k_base).
 */
export async function loadTokenizer(text: string, options: { source?: string; sidecar?: string; engine?: EngineName } = {}): Promise<Tokenizer> {
  const tokenizer = await parseTokenizer(text, options);
  // the wasm encoder when it loads here (unless told: "ts" skips building it, e.g. to convert a file)
  return options.engine ? tokenizer.useEngine(options.engine) : tokenizer.useBestEngine();
}

async function parseTokenizer(text: string, options: { source?: string; sidecar?: string }): Promise<Tokenizer> {
  const source = options.source ?? "tokenizer";
  const format = detectFormat(text, source);
  try {
    switch (format) {
      case "bytepair":
        return loadNative(text, source);
      case "minbpe":
        return loadMinbpeModel(text, source);
      case "hf":
        return loadHf(text, source);
      case "tiktoken": {
        let sidecar: TiktokenSidecar | string | undefined = options.sidecar;
        if (sidecar === undefined) {
          const name = await recognizeTiktoken(text);
          sidecar = name ? TIKTOKEN_ENCODINGS[name] : undefined;
        }
        return loadTiktoken(text, sidecar, source);
      }
    }
  } catch (error) {
    // a bad pattern in a file is bad input (exit 1), not bad usage
    if (error instanceof UsageError) throw new BytepairError(`${source}: ${error.message}`);
    if (error instanceof BytepairError) throw error;
    throw new BytepairError(`${source}: ${(error as Error).message}`);
  }
}

/** A file's bytes as text, gunzipped first when they are gzip (DecompressionStream: browsers and Node 18+). */
export async function textFromBytes(bytes: Uint8Array): Promise<string> {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  return new TextDecoder().decode(bytes);
}
