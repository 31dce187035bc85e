import type { Command } from "commander";
import { Option } from "commander";
import { concatIds } from "../concat.js";
import { UsageError } from "../errors.js";
import { loadTokenizerFile } from "../node/tokenizers.js";
import { readInputBlocks } from "../node/files.js";
import type { EncodeOptions, Tokenizer } from "../tokenizer.js";
import type { CliIO } from "./io.js";
import { engineOption } from "./options.js";

const TOKENIZER_HELP = "a tokenizer file (bytepair, tiktoken, HuggingFace tokenizer.json, minbpe .model), URL, or cl100k_base / o200k_base / p50k_base / r50k_base (where: bytepair --help)";
const list = (v: string, acc: string[]) => [...acc, v];

export function encodeCommand(cli: Command, io: CliIO): void {
  cli
    .command("encode")
    .description("text -> token ids (tiktoken's ids for cl100k_base and o200k_base)")
    .requiredOption("--tokenizer <file>", TOKENIZER_HELP)
    .argument("[text]", "the text to encode (or use --in)")
    .option("--in <file>", "read the text from a file (- for stdin)")
    .addOption(new Option("--format <f>", "ids, count, json, or color (token boundaries as background colours)").choices(["ids", "count", "json", "color"]).default("ids"))
    .option("--allowed-special <token>", "a special token to encode as its id (repeatable), or all", list, [] as string[])
    .option("--disallowed-special <token>", "a special token that is an error in the text (repeatable), all (default: those not allowed) or none", list, [] as string[])
    .addOption(engineOption())
    .action(async (text: string | undefined, o) => {
      if ((text === undefined) === (o.in === undefined)) throw new UsageError("Give the text to encode either as an argument or with --in FILE, not both.");
      // a bad input fails before a big vocabulary loads; a file is read a few MB at a time, never whole
      const input = text !== undefined ? text : o.in === "-" ? [await readAll(io.stdin)] : await readInputBlocks(o.in);
      const tokenizer = await loadTokenizerFile(o.tokenizer, { engine: o.engine });
      const options = specialOptions(o);
      // a file's bytes are encoded as they are: invalid UTF-8 is kept, and decode gives the file back
      if (o.format === "count") {
        const count = typeof input === "string" ? tokenizer.countTokens(input, options) : await tokenizer.countTokensInBlocks(input, options);
        io.stdout.write(`${count}\n`); // no array of all the ids
        return;
      }
      let ids: ArrayLike<number>;
      if (typeof input === "string") ids = tokenizer.encode(input, options);
      else {
        const parts: (number[] | Uint32Array)[] = [];
        for await (const part of tokenizer.encodeBytesBlocks(input, options)) parts.push(part);
        ids = parts.length === 1 ? parts[0] : concatIds(parts);
      }
      io.stdout.write(formatIds(tokenizer, ids, o.format));
    });
}

function specialOptions(o: { allowedSpecial: string[]; disallowedSpecial: string[] }): EncodeOptions {
  const pick = (values: string[]) => (values.length === 0 ? undefined : values.includes("all") ? "all" : values.includes("none") ? [] : values);
  return { allowedSpecial: pick(o.allowedSpecial), disallowedSpecial: pick(o.disallowedSpecial) };
}

export function decodeCommand(cli: Command, io: CliIO): void {
  cli
    .command("decode")
    .description("token ids -> text (the exact bytes)")
    .requiredOption("--tokenizer <file>", TOKENIZER_HELP)
    .argument("<ids...>", "token ids")
    .action(async (args: string[], o) => {
      const ids = args.flatMap((a) => a.split(/[\s,[\]]+/)).filter(Boolean).map((a) => {
        if (!/^\d+$/.test(a)) throw new UsageError(`"${a}" is not a token id (ids are whole numbers).`);
        return Number(a);
      });
      const tokenizer = await loadTokenizerFile(o.tokenizer, { engine: "ts" }); // decoding needs no encoder
      io.stdout.write(tokenizer.decodeBytes(ids));
    });
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

const BACKGROUNDS = [44, 42, 43, 45, 46, 41]; // blue, green, yellow, magenta, cyan, red

function formatIds(tokenizer: Tokenizer, ids: ArrayLike<number>, format: string): string {
  switch (format) {
    case "count":
      return `${ids.length}\n`;
    case "json":
      return JSON.stringify(Array.from(ids)) + "\n";
    case "color": {
      // streaming decode: a character split across tokens is shown with the token that completes it
      const decoder = new TextDecoder();
      const shown = Array.from(ids, (id, i) => `\x1b[30;${BACKGROUNDS[i % BACKGROUNDS.length]}m${decoder.decode(tokenizer.tokenBytes(id), { stream: true })}`);
      return shown.join("") + decoder.decode() + "\x1b[0m\n";
    }
    default:
      return Array.prototype.join.call(ids, " ") + "\n";
  }
}
