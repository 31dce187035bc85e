import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { countShardFiles, parseShard, shardPart } from "../node/count.js";
import { writeFileAtomic } from "../node/files.js";
import { resolveShards } from "../node/sources.js";
import { patternOf } from "../superword.js";
import type { CliIO } from "./io.js";
import { addSourceOptions, sourceOptions } from "./fetch.js";
import { engineOption, int } from "./options.js";
import { createReporter } from "./progress.js";

export function countCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("count")
    .description("count the unique chunks of the inputs into a Parquet count file (the map step; train --counts is the rest)")
    .argument("<input...>", "files (.txt, .jsonl, .parquet), directories, globs, http(s):// or hf:// URLs, hub datasets, or - for stdin")
    .requiredOption("--out <file.parquet>", "the count file to write (whole or not at all)")
    .option("--shard <I/N>", "count only the I-th of N parts of the input shards (1/N .. N/N, in path order)", shardArg)
    .option("--pattern <p>", "pre-tokenization: cl100k, gpt2, o200k, none, superword or a regex", "cl100k")
    .option("--special <token>", "a special token (repeatable): cut out, never counted", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addOption(engineOption())
    .option("--threads <n>", "threads counting chunks (default: every core)", int("--threads", 1))
    .addOption(new Option("--progress <mode>", "progress on stderr").choices(["auto", "bar", "json", "none"]).default("auto"))
    .option("--max-chunk-bytes <n>", "cut longer chunks (pattern none: documents) into pieces of this size", int("--max-chunk-bytes", 2));
  addSourceOptions(command).action(async (inputs: string[], o) => {
    const part: { index: number; of: number } | undefined = o.shard;
    const options = sourceOptions(o, io);
    const all = await resolveShards(inputs, options);
    const shards = part ? shardPart(all, part.index, part.of) : all;
    const reporter = createReporter(o.progress, io);
    let result: Awaited<ReturnType<typeof countShardFiles>>;
    try {
      result = await countShardFiles(shards, {
        ...options,
        http: options,
        pattern: patternOf(o.pattern),
        specialTokens: o.special,
        engine: o.engine,
        ...(o.threads ? { threads: o.threads } : {}),
        maxChunkBytes: o.maxChunkBytes,
        inputs: shards.map((s) => s.name),
        onProgress: (p) => reporter.update(p),
      });
    } finally {
      reporter.stop();
    }
    await writeFileAtomic(o.out, result.parquet);
    const { meta } = result;
    io.stdout.write(
      `counted ${meta.documents} documents, ${meta.bytes} bytes from ${shards.length} of ${all.length} shards${part ? ` (part ${part.index}/${part.of})` : ""}: ${result.uniqueChunks} unique chunks with pattern ${o.pattern}\nwrote ${o.out} (${result.parquet.length} bytes)\n`,
    );
  });
}

function shardArg(value: string): { index: number; of: number } {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
