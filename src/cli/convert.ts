import type { Command } from "commander";
import { Option } from "commander";
import { FORMATS, type FormatName } from "../formats/index.js";
import { loadTokenizerFile, saveTokenizerFile } from "../node/tokenizers.js";
import type { CliIO } from "./io.js";

export function convertCommand(cli: Command, io: CliIO): void {
  cli
    .command("convert")
    .description("a tokenizer from one format to another (tiktoken also writes FILE.json, minbpe also FILE.vocab)")
    .argument("<in>", "a tokenizer file in any format, a URL, or cl100k_base / o200k_base")
    .addOption(new Option("--to <format>", "bytepair, tiktoken, hf (tokenizer.json) or minbpe (.model)").choices([...FORMATS]).makeOptionMandatory())
    .requiredOption("--out <file>", "where to write it")
    .action(async (input: string, o: { to: FormatName; out: string }) => {
      const tokenizer = await loadTokenizerFile(input, { engine: "ts" }); // converting encodes nothing
      const written = await saveTokenizerFile(tokenizer, o.out, o.to);
      io.stdout.write(`wrote ${written.join(" and ")} (${o.to}, ${tokenizer.vocabSize} tokens)\n`);
    });
}
