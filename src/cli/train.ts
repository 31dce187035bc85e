import type { Command } from "commander";
import { CommanderError, InvalidArgumentError, Option } from "commander";
import { openCountFiles } from "../node/count.js";
import { loadTokenizerFile } from "../node/tokenizers.js";
import { patternOf } from "../superword.js";
import { saveTokenizerFile } from "../node/tokenizers.js";
import { checkOutput } from "../node/files.js";
import { renderBytes } from "../render.js";
import type { TrainResult } from "../train.js";
import { defaultThreads, trainFiles } from "../node/train.js";
import type { CliIO } from "./io.js";
import { addSourceOptions, sourceOptions } from "./fetch.js";
import { engineOption, int } from "./options.js";
import { createReporter } from "./progress.js";

export function trainCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("train")
    .description("train a byte-level BPE tokenizer and save it")
    .argument("[input...]", "files (.txt, .jsonl, .parquet), directories, globs, http(s):// or hf:// URLs, hub datasets (HuggingFaceFW/fineweb), or - for stdin")
    .requiredOption("--vocab-size <n[,n...]>", "tokens wanted: 256 bytes + merges + special tokens; several sizes in one run: 8192,32768 with --out 'tok-{vocab}.bpe'", sizes)
    .option("--pattern <p>", "pre-tokenization: cl100k, gpt2, o200k, none, superword or a regex (default: cl100k; the count files' or the base's)")
    .option("--counts <file...>", "train on count files (bytepair count, or any Parquet with chunk and count columns), summed, instead of text")
    .option("--min-chunk-count <k>", "with --counts: drop chunks seen fewer than K times in the sum", int("--min-chunk-count", 1))
    .option("--extend <base>", "keep every id, merge and special token of this tokenizer (a file, cl100k_base, o200k_base) and learn new merges on top")
    .option("--max-token-length <n>", "no merge makes a token of N bytes or more from two merged tokens (HuggingFace's max_token_length)", int("--max-token-length", 1))
    .option("--special <token>", "a special token (repeatable): never split, never merged", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--min-frequency <n>", "stop when the best pair occurs fewer times (0 is the same as 1, as in HuggingFace)", int("--min-frequency", 0), 2)
    .addOption(engineOption())
    .option("--threads <n>", "threads counting chunks (default: every core; at most one per core)", threadsOption)
    .addOption(new Option("--ids <scheme>", "raw: byte b is id b; hf: GPT-2/HuggingFace byte order, special tokens first").choices(["raw", "hf"]).default("raw"))
    .option("--out <file>", "where to write the tokenizer ({vocab} becomes the vocab size)", "tokenizer.bpe")
    .addOption(new Option("--progress <mode>", "progress on stderr").choices(["auto", "bar", "json", "none"]).default("auto"))
    .option("--max-chunk-bytes <n>", "cut longer chunks (pattern none: documents) into pieces of this size", int("--max-chunk-bytes", 2));
  addSourceOptions(command).action(async (inputs: string[], o) => {
    const usage = (message: string) => {
      io.stderr.write(`bytepair train: ${message}\n`);
      return new CommanderError(2, "bytepair.usage", message);
    };
    const vocabSizes: number[] = o.vocabSize;
    if (vocabSizes.length > 1 && !String(o.out).includes("{vocab}")) throw usage(`Several vocab sizes need an --out with {vocab} in it, such as 'tok-{vocab}.bpe'.`);
    if (o.counts && inputs.length) throw usage("Give either inputs or --counts, not both.");
    if (!o.counts && !inputs.length) throw usage("Give inputs to train on, or --counts FILE...");
    if (o.minChunkCount && !o.counts) throw usage("--min-chunk-count works with --counts only.");
    const counts = o.counts ? await openCountFiles(o.counts) : undefined;
    const extend = o.extend ? await loadTokenizerFile(o.extend) : undefined;
    for (const size of vocabSizes) await checkOutput(String(o.out).replaceAll("{vocab}", String(size)));
    const reporter = createReporter(o.progress, io);
    const cores = defaultThreads();
    if (o.threads > cores) io.stderr.write(`bytepair: note: --threads ${o.threads} is more than the ${cores} cores here; counting on ${cores} threads.\n`);
    let result: TrainResult;
    try {
      result = await trainFiles(counts ? [] : inputs, {
        ...sourceOptions(o, io),
        vocabSize: Math.max(...vocabSizes),
        ...(vocabSizes.length > 1 ? { vocabSizes } : {}),
        counts,
        minChunkCount: o.minChunkCount,
        extend,
        maxTokenLength: o.maxTokenLength,
        pattern: patternOf(o.pattern),
        specialTokens: o.special,
        minFrequency: o.minFrequency,
        ids: o.ids,
        engine: o.engine,
        threads: Math.min(o.threads ?? cores, cores),
        maxChunkBytes: o.maxChunkBytes,
        onProgress: (p) => reporter.update(p),
      });
    } finally {
      reporter.stop();
    }
    for (const one of result.each ?? [result]) {
      const out = String(o.out).replaceAll("{vocab}", String(one.tokenizer.meta.vocabSize));
      await saveTokenizerFile(one.tokenizer, out);
      io.stdout.write(summary(one, out));
    }
  });
}

/** "8192" or "8192,32768,65536". */
function sizes(value: string): number[] {
  const parse = int("--vocab-size", 256);
  return value.split(",").map((v) => parse(v.trim()));
}


/** Most threads --threads accepts: more is a mistake, not a machine (each would cost a wasm table). */
export const MAX_THREADS = 1024;

function threadsOption(value: string): number {
  const n = int("--threads", 1)(value);
  if (n > MAX_THREADS) throw new InvalidArgumentError(`--threads must be at most ${MAX_THREADS} (it is clamped to the cores anyway).`);
  return n;
}

export function summary({ tokenizer, stopReason, stats, newMerges }: TrainResult, out: string, shown = 10): string {
  const made = tokenizer.vocabSize - 256 - tokenizer.specialTokens.size;
  const lines = [
    `trained ${tokenizer.vocabSize} tokens (256 bytes + ${made} merged${tokenizer.specialTokens.size ? ` + ${tokenizer.specialTokens.size} special` : ""}) with pattern ${tokenizer.pattern}; stopped: ${describeStop(stopReason)}`,
    `input: ${stats.documents} documents, ${stats.bytes} bytes, ${stats.uniqueChunks} unique chunks (${stats.chunkBytes} bytes)`,
    ...(stats.invalidBytes > 0 ? [`invalid UTF-8: ${stats.invalidBytes} bytes, kept as they are (split as U+FFFD would be)`] : []),
    `compression: ${(stats.bytes / Math.max(stats.tokens, 1)).toFixed(2)} bytes per token on the training text (${stats.tokens} tokens${stats.baseTokens !== undefined ? `; the base tokenizer: ${(stats.bytes / Math.max(stats.baseTokens, 1)).toFixed(2)}, ${stats.baseTokens} tokens` : ""})`,
    `time: ${stats.seconds.count.toFixed(2)} s counting, ${stats.seconds.merge.toFixed(2)} s merging`,
    newMerges ? `first new merges:` : `first merges:`,
    ...(newMerges ?? tokenizer.merges).slice(0, shown).map((m) => `  ${String(m.id).padStart(6)} = ${String(m.left).padStart(5)} ${String(m.right).padEnd(5)}  ${renderBytes(tokenizer.vocab[m.id]!).padEnd(14)}  ${m.count}`),
    `wrote ${out}`,
  ];
  return lines.join("\n") + "\n";
}

function describeStop(reason: string): string {
  return reason === "vocabSize" ? "vocabulary full" : reason === "minFrequency" ? "best pair below --min-frequency" : "no pairs left to merge";
}
