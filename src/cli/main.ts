// The command line: a thin shell over the public API. main() returns an exit code and never exits.
import { Command, CommanderError } from "commander";
import { BytepairError, UsageError } from "../errors.js";
import { describeErrno } from "../node/files.js";
import type { CliIO } from "./io.js";
import { bytesCommand } from "./bytes.js";
import { pairsCommand } from "./pairs.js";
import { trainCommand } from "./train.js";
import { decodeCommand, encodeCommand } from "./encode.js";
import { convertCommand } from "./convert.js";
import { inspectCommand } from "./inspect.js";
import { fetchCommand } from "./fetch.js";
import { tokenizeCommand } from "./tokenize.js";
import { evalCommand } from "./eval.js";
import { countCommand } from "./count.js";
import { createRequire } from "node:module";
import { encodingSearchPath } from "../node/encodings.js";

const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

function program(io: CliIO): Command {
  const cli = new Command("bytepair")
    .description("Train byte-level BPE tokenizers: text -> UTF-8 bytes -> merges, with a WebAssembly core.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError("(run bytepair --help for usage)")
    .version(VERSION, "--version", "print bytepair's version")
    .addHelpText("after", () => `\nNames cl100k_base, o200k_base, p50k_base and r50k_base (for --tokenizer) are looked up in:\n${encodingSearchPath().map((where, i) => `  ${i + 1}. ${where}`).join("\n")}\n`);
  bytesCommand(cli, io);
  pairsCommand(cli, io);
  trainCommand(cli, io);
  encodeCommand(cli, io);
  decodeCommand(cli, io);
  convertCommand(cli, io);
  inspectCommand(cli, io);
  fetchCommand(cli, io);
  tokenizeCommand(cli, io);
  evalCommand(cli, io);
  countCommand(cli, io);
  return cli;
}

/** Runs one command line (without "node" and the script name); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    await program(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof BytepairError) {
      io.stderr.write(`bytepair: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    const e = error as NodeJS.ErrnoException;
    if (e && typeof e.code === "string" && e.path) {
      io.stderr.write(`bytepair: ${e.path}: ${describeErrno(e)}.\n`);
      return 1;
    }
    if (e instanceof RangeError && /Array buffer allocation failed|allocation failed/i.test(e.message)) {
      io.stderr.write(`bytepair: out of memory (${e.message}); use a smaller input, --max-chunk-bytes, or the wasm engine.\n`);
      return 1;
    }
    io.stderr.write(`bytepair: unexpected error: ${e?.message ?? String(error)}\n`);
    if (process.env.BYTEPAIR_DEBUG) io.stderr.write(`${e?.stack}\n`);
    return 1;
  }
}
