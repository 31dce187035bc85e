// Finding and reading tokenizer files in Node: paths (gzip or not), http(s) URLs, and the names
// cl100k_base / o200k_base, looked up as `NAME.tiktoken` or `NAME.tiktoken.gz` in
// $BYTEPAIR_TIKTOKEN_DIR, then in ../shared/data/tiktoken/ beside this checkout. Nothing is downloaded
// unless a URL is given.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { BytepairError } from "../errors.js";
import { TIKTOKEN_ENCODINGS } from "../formats/tiktoken.js";

const SHARED_TIKTOKEN = fileURLToPath(new URL("../../../shared/data/tiktoken/", import.meta.url));

/** The file of a known encoding's name, or undefined when `name` is not one. Throws when it is one but no file is found. */
export function tiktokenPath(name: string): string | undefined {
  if (!(name in TIKTOKEN_ENCODINGS)) return undefined;
  const dirs = [process.env.BYTEPAIR_TIKTOKEN_DIR, SHARED_TIKTOKEN].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    for (const file of [`${name}.tiktoken`, `${name}.tiktoken.gz`]) if (existsSync(join(dir, file))) return join(dir, file);
  }
  throw new BytepairError(
    `No ${name}.tiktoken file found in ${dirs.join(" or ")}; set BYTEPAIR_TIKTOKEN_DIR to its folder, or pass its path or URL (${TIKTOKEN_ENCODINGS[name].url}).`,
  );
}

/** The text of a file or URL, gunzipped when it is gzip; undefined when `optional` and it does not exist. */
export async function readText(where: string, optional = false): Promise<string | undefined> {
  const bytes = await readBytes(where, optional);
  return bytes && new TextDecoder().decode(bytes);
}

/** As readText, the bytes (a `.tiktoken` file is parsed as bytes: no string of the whole file). */
export async function readBytes(where: string, optional = false): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  if (/^https?:\/\//.test(where)) {
    const response = await fetch(where).catch((error: Error) => {
      throw new BytepairError(`Could not fetch ${where}: ${error.message}.`, "ERR_NETWORK");
    });
    if (!response.ok) {
      if (optional && response.status === 404) return undefined;
      throw new BytepairError(`Could not fetch ${where}: HTTP ${response.status}.`, "ERR_NETWORK");
    }
    bytes = new Uint8Array(await response.arrayBuffer());
  } else {
    try {
      bytes = await readFile(where);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (optional && e.code === "ENOENT") return undefined;
      throw new BytepairError(`${where}: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.message}.`);
    }
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new BytepairError(`${where}: not valid gzip (${(error as Error).message}).`);
    }
  }
  return bytes;
}
