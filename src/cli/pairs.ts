import type { Command } from "commander";
import { countPairs } from "../pairs.js";
import { readDocuments } from "../node/sources.js";
import { renderBytes } from "../render.js";
import type { CliIO } from "./io.js";
import { addSourceOptions, sourceOptions } from "./fetch.js";
import { engineOption, int } from "./options.js";

export function pairsCommand(cli: Command, io: CliIO): void {
  const command = cli
    .command("pairs")
    .description("the most frequent adjacent byte pairs, with their counts")
    .argument("<input...>", "files (.txt, .jsonl, .parquet), directories, globs, http(s):// or hf:// URLs, hub datasets, or - for stdin")
    .option("--top <k>", "how many pairs to show", int("--top", 1), 20)
    .option("--pattern <p>", "count within pre-tokenized chunks only: none, gpt2, cl100k, o200k or a regex", "none")
    .addOption(engineOption());
  addSourceOptions(command).action(async (inputs: string[], o) => {
    const docs = readDocuments(inputs, sourceOptions(o, io));
    const pairs = await countPairs(docs, { pattern: o.pattern, engine: o.engine });
    for (const p of pairs.slice(0, o.top)) {
      const ids = `${p.left} ${p.right}`.padEnd(8);
      io.stdout.write(`${ids}  ${renderBytes(Uint8Array.of(p.left, p.right)).padEnd(10)}  ${p.count}\n`);
    }
  });
}
