// `bytepair tokenize`: a dataset into llm.c / NumPy token shards (see src/node/tokenize.ts).
import type { Command } from "commander";
import { Option } from "commander";
import { isNetworkInput } from "../node/sources.js";
import { MAX_SHARD_TOKENS } from "../node/shards.js";
import { DEFAULT_SHARD_TOKENS, tokenizeDataset, type TokenizeResult } from "../node/tokenize.js";
import type { CliIO } from "./io.js";
import { addSourceOptions, sourceOptions } from "./fetch.js";
import { int } from "./options.js";
import { createReporter } from "./progress.js";

export function tokenizeCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("tokenize")
    .description("encode a dataset into token shards for pre-training (llm.c .bin or NumPy .npy), on every core; a rerun resumes")
    .argument("<input...>", "files (.txt, .jsonl, .parquet), directories, globs, http(s):// or hf:// URLs, hub datasets, or - for stdin")
    .requiredOption("--tokenizer <file>", "a tokenizer file (bytepair, tiktoken, HuggingFace tokenizer.json, minbpe .model), URL, or cl100k_base / o200k_base")
    .requiredOption("--out <dir>", "the directory for the shards and manifest.json")
    .addOption(new Option("--format <f>", "llmc: llm.c's .bin (256 int32 header); npy: NumPy arrays").choices(["llmc", "npy"]).default("llmc"))
    .option("--shard-tokens <n>", `tokens per shard (at most ${MAX_SHARD_TOKENS})`, int("--shard-tokens", 1), DEFAULT_SHARD_TOKENS)
    .option("--val-tokens <n>", "put the first N tokens in a val shard (NAME_val_000000)", int("--val-tokens", 1))
    .addOption(new Option("--bos <token>", "a special token before each document, as llm.c's FineWeb script (<|endoftext|>)").conflicts("eos"))
    .addOption(new Option("--eos <token>", "a special token after each document").conflicts("bos"))
    .option("--name <prefix>", "shard names: PREFIX_train_000001.bin (default: the --out directory's name)")
    .option("--threads <n>", "threads that read and encode units of input (default: every core); 1: all on this thread", int("--threads", 1))
    .addOption(new Option("--progress <mode>", "progress on stderr").choices(["auto", "bar", "json", "none"]).default("auto"));
  addSourceOptions(command).action(async (inputs: string[], o) => {
    const reporter = createReporter(o.progress, io);
    let result: TokenizeResult;
    try {
      result = await tokenizeDataset(inputs, {
        ...sourceOptions(o, io),
        tokenizer: o.tokenizer,
        out: o.out,
        format: o.format,
        shardTokens: o.shardTokens,
        valTokens: o.valTokens,
        bos: o.bos,
        eos: o.eos,
        name: o.name,
        threads: o.threads,
        onProgress: (p) => reporter.update(p),
        onReadProgress: inputs.some(isNetworkInput) ? (p) => reporter.update(p) : undefined,
      });
    } finally {
      reporter.stop();
    }
    io.stdout.write(summary(result, o.out));
  });
}

export function summary({ manifest, kept, run }: TokenizeResult, out: string): string {
  const { settings } = manifest;
  const lines: string[] = [];
  if (run.tokens === 0 && kept === manifest.shards.length && kept > 0) lines.push(`${out} already holds every shard of this run (manifest.json): nothing to do`);
  else if (kept > 0) lines.push(`resumed after ${kept} complete shard${kept === 1 ? "" : "s"} of an earlier run`);
  const sep = settings.separator ? `, ${settings.separator.text} ${settings.separator.place === "bos" ? "before" : "after"} each document` : "";
  lines.push(`${manifest.documents} documents (${manifest.bytes} bytes) -> ${manifest.tokens} tokens with ${settings.tokenizer.name} (${settings.tokenType}${sep})`);
  if (run.tokens > 0) {
    const seconds = Math.max(run.seconds, 1e-9);
    lines.push(`this run: ${run.tokens} tokens in ${run.seconds.toFixed(2)} s (${(run.tokens / seconds / 1e6).toFixed(2)} M tokens/s, ${(run.bytes / seconds / 1e6).toFixed(1)} MB/s of text)`);
  }
  for (const s of manifest.shards) lines.push(`  ${s.file}  ${s.tokens} tokens, ${s.documents} documents begin here`);
  lines.push(`wrote ${manifest.shards.length} ${settings.format} shard${manifest.shards.length === 1 ? "" : "s"} and manifest.json to ${out}`);
  return lines.join("\n") + "\n";
}
