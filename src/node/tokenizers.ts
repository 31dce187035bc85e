// Reading and writing tokenizer files.
import { readFile } from "node:fs/promises";
import { BytepairError } from "../errors.js";
import { loadNative, saveNative } from "../formats/native.js";
import type { Tokenizer } from "../tokenizer.js";
import { writeFileAtomic } from "./files.js";

export async function loadTokenizerFile(path: string): Promise<Tokenizer> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new BytepairError(`${path}: ${error.code === "ENOENT" ? "no such file" : error.message}.`);
  });
  return loadNative(text, path);
}

export async function saveTokenizerFile(tokenizer: Tokenizer, path: string): Promise<void> {
  await writeFileAtomic(path, saveNative(tokenizer));
}
