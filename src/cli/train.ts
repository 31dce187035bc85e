import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { saveTokenizerFile } from "../node/tokenizers.js";
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
    .argument("<input...>", "files (.txt, .jsonl, .parquet), directories, globs, http(s):// or hf:// URLs, hub datasets (HuggingFaceFW/fineweb), or - for stdin")
    .requiredOption("--vocab-size <n>", "tokens wanted: 256 bytes + merges + special tokens", int("--vocab-size", 256))
    .option("--pattern <p>", "pre-tokenization: cl100k, gpt2, o200k, none or a regex", "cl100k")
    .option("--special <token>", "a special token (repeatable): never split, never merged", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--min-frequency <n>", "stop when the best pair occurs fewer times", int("--min-frequency", 1), 2)
    .addOption(engineOption())
    .option("--threads <n>", "threads counting chunks (default: every core; at most one per core)", threadsOption)
    .addOption(new Option("--ids <scheme>", "raw: byte b is id b; hf: GPT-2/HuggingFace byte order, special tokens first").choices(["raw", "hf"]).default("raw"))
    .option("--out <file>", "where to write the tokenizer", "tokenizer.bpe")
    .addOption(new Option("--progress <mode>", "progress on stderr").choices(["auto", "bar", "json", "none"]).default("auto"))
    .option("--max-chunk-bytes <n>", "cut longer chunks (pattern none: documents) into pieces of this size", int("--max-chunk-bytes", 2));
  addSourceOptions(command).action(async (inputs: string[], o) => {
    const reporter = createReporter(o.progress, io);
    const cores = defaultThreads();
    if (o.threads > cores) io.stderr.write(`bytepair: note: --threads ${o.threads} is more than the ${cores} cores here; counting on ${cores} threads.\n`);
    let result: TrainResult;
    try {
      result = await trainFiles(inputs, {
        ...sourceOptions(o, io),
        vocabSize: o.vocabSize,
        pattern: o.pattern,
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
    await saveTokenizerFile(result.tokenizer, o.out);
    io.stdout.write(summary(result, o.out));
  });
}

/** Most threads --threads accepts: more is a mistake, not a machine (each would cost a wasm table). */
export const MAX_THREADS = 1024;

function threadsOption(value: string): number {
  const n = int("--threads", 1)(value);
  if (n > MAX_THREADS) throw new InvalidArgumentError(`--threads must be at most ${MAX_THREADS} (it is clamped to the cores anyway).`);
  return n;
}

export function summary({ tokenizer, stopReason, stats }: TrainResult, out: string, shown = 10): string {
  const made = tokenizer.vocabSize - 256 - tokenizer.specialTokens.size;
  const lines = [
    `trained ${tokenizer.vocabSize} tokens (256 bytes + ${made} merged${tokenizer.specialTokens.size ? ` + ${tokenizer.specialTokens.size} special` : ""}) with pattern ${tokenizer.pattern}; stopped: ${describeStop(stopReason)}`,
    `input: ${stats.documents} documents, ${stats.bytes} bytes, ${stats.uniqueChunks} unique chunks (${stats.chunkBytes} bytes)`,
    `compression: ${(stats.bytes / Math.max(stats.tokens, 1)).toFixed(2)} bytes per token on the training text (${stats.tokens} tokens)`,
    `time: ${stats.seconds.count.toFixed(2)} s counting, ${stats.seconds.merge.toFixed(2)} s merging`,
    `first merges:`,
    ...tokenizer.merges.slice(0, shown).map((m) => `  ${String(m.id).padStart(6)} = ${String(m.left).padStart(5)} ${String(m.right).padEnd(5)}  ${renderBytes(tokenizer.vocab[m.id]!).padEnd(14)}  ${m.count}`),
    `wrote ${out}`,
  ];
  return lines.join("\n") + "\n";
}

function describeStop(reason: string): string {
  return reason === "vocabSize" ? "vocabulary full" : reason === "minFrequency" ? "best pair below --min-frequency" : "no pairs left to merge";
}
