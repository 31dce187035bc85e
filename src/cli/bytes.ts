import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { Option } from "commander";
import cliProgress from "cli-progress";
import { convertStream, type ByteFormat } from "../bytes.js";
import { BytepairError } from "../errors.js";
import { writeFileAtomic } from "../node/files.js";
import { writeStdout, type CliIO } from "./io.js";
import { int } from "./options.js";

const FORMATS = ["text", "binary", "decimal"];

export function bytesCommand(cli: Command, io: CliIO): void {
  cli
    .command("bytes")
    .description("convert between text, its UTF-8 bytes in binary (8 bits each) and as decimal values 0-255")
    .argument("<file>", "the input file, or - for stdin")
    .addOption(new Option("--to <format>", "output: binary, decimal or text").choices(FORMATS).makeOptionMandatory())
    .addOption(new Option("--from <format>", "input: text, binary or decimal").choices(FORMATS).default("text"))
    .option("--out <file>", "write here (whole or not at all) instead of stdout")
    .option("--per-line <n>", "groups per output line (default 8 for binary, 16 for decimal)", int("--per-line", 1))
    .action(async (file: string, o) => {
      const info = file === "-" ? null : await stat(file).catch(() => { throw new BytepairError(`${file}: no such file.`); });
      if (info?.isDirectory()) throw new BytepairError(`${file} is a directory; give a file.`);
      const size = info?.size ?? 0;
      const input = file === "-" ? io.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
      const bar = io.stderrIsTTY && size > 16 << 20 ? progressBar(io, size) : undefined;
      const counted = countBytes(input, (n) => bar?.update(n));
      const output = convertStream(counted, o.from as ByteFormat, o.to as ByteFormat, { perLine: o.perLine, source: file === "-" ? "stdin" : file });
      try {
        if (o.out) await writeFileAtomic(o.out, output);
        else await writeStdout(io, output);
      } finally {
        bar?.stop();
      }
    });
}

async function* countBytes(input: AsyncIterable<Uint8Array>, report: (n: number) => void): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const piece of input) {
    n += piece.length;
    report(n);
    yield piece;
  }
}

function progressBar(io: CliIO, total: number) {
  const bar = new cliProgress.SingleBar(
    { stream: io.stderr as unknown as NodeJS.WritableStream, format: " bytes |{bar}| {percentage}% | {value}/{total} B | ETA {eta_formatted}", etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
