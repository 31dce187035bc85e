import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { Option } from "commander";
import { BytepairError } from "../errors.js";
import { loadTokenizerFile } from "../node/tokenizers.js";
import type { Tokenizer } from "../tokenizer.js";
import type { CliIO } from "./io.js";

export function encodeCommand(cli: Command, io: CliIO): void {
  cli
    .command("encode")
    .description("text -> token ids")
    .requiredOption("--tokenizer <file>", "a tokenizer file (bytepair format)")
    .argument("[text]", "the text to encode (or use --in)")
    .option("--in <file>", "read the text from a file (- for stdin)")
    .addOption(new Option("--format <f>", "ids, count, json, or color (token boundaries as background colours)").choices(["ids", "count", "json", "color"]).default("ids"))
    .action(async (text: string | undefined, o) => {
      if ((text === undefined) === (o.in === undefined)) throw new BytepairError("Give the text to encode either as an argument or with --in FILE, not both.");
      const tokenizer = await loadTokenizerFile(o.tokenizer);
      const input = text !== undefined ? text : o.in === "-" ? await readAll(io.stdin) : new Uint8Array(await readFile(o.in));
      const ids = typeof input === "string" || tokenizer.pattern === "none" ? tokenizer.encode(input) : tokenizer.encode(new TextDecoder().decode(input));
      io.stdout.write(formatIds(tokenizer, ids, o.format));
    });
}

export function decodeCommand(cli: Command, io: CliIO): void {
  cli
    .command("decode")
    .description("token ids -> text (the exact bytes)")
    .requiredOption("--tokenizer <file>", "a tokenizer file (bytepair format)")
    .argument("<ids...>", "token ids")
    .action(async (args: string[], o) => {
      const tokenizer = await loadTokenizerFile(o.tokenizer);
      const ids = args.flatMap((a) => a.split(/[\s,]+/)).filter(Boolean).map((a) => {
        if (!/^\d+$/.test(a)) throw new BytepairError(`"${a}" is not a token id (ids are whole numbers).`);
        return Number(a);
      });
      io.stdout.write(tokenizer.decodeBytes(ids));
    });
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

const BACKGROUNDS = [44, 42, 43, 45, 46, 41];

function formatIds(tokenizer: Tokenizer, ids: number[], format: string): string {
  switch (format) {
    case "count":
      return `${ids.length}\n`;
    case "json":
      return JSON.stringify(ids) + "\n";
    case "color": {
      const decoder = new TextDecoder();
      return ids.map((id, i) => `\x1b[30;${BACKGROUNDS[i % BACKGROUNDS.length]}m${decoder.decode(tokenizer.tokenBytes(id))}`).join("") + "\x1b[0m\n";
    }
    default:
      return ids.join(" ") + "\n";
  }
}
