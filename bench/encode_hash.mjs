// bytepair's ids for a whole file, as bench/tiktoken_encode.py --hash prints Python tiktoken's:
// the count and sha256 of the ids as little-endian u32. Needs `npm run build`.
//   node bench/encode_hash.mjs cl100k_base|o200k_base FILE
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadTokenizerFile } from "../dist/node.js";

const [name, file] = process.argv.slice(2);
const tokenizer = await (await loadTokenizerFile(name)).useEngine("wasm");
const ids = Uint32Array.from(tokenizer.encodeBytesToArray(readFileSync(file)));
console.log(ids.length, createHash("sha256").update(new Uint8Array(ids.buffer)).digest("hex").slice(0, 16));
