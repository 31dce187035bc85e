// Output files are written whole or not at all: into a temporary file beside the target, then renamed.
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { finished } from "node:stream/promises";

export async function writeFileAtomic(path: string, content: string | Uint8Array | AsyncIterable<Uint8Array | string>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp);
  out.on("error", () => {}); // reported by `finished` below
  try {
    if (typeof content === "string" || content instanceof Uint8Array) out.write(content);
    else {
      for await (const piece of content) {
        if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", resolve));
      }
    }
    out.end();
    await finished(out);
    await rename(tmp, path);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}
