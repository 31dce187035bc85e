// bytepair's ids for a whole file, as bench/tiktoken_encode.py --hash prints Python tiktoken's:
// the count and sha256 of the ids as little-endian u32. The file is read in 4 MB blocks and encoded
// as `bytepair encode --in FILE` does (Tokenizer.encodeBytesBlocks). Needs `npm run build`.
//   node bench/encode_hash.mjs cl100k_base|o200k_base FILE
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { loadTokenizerFile } from "../dist/node.js";

const [name, file] = process.argv.slice(2);
const tokenizer = await (await loadTokenizerFile(name)).useEngine("wasm");
const hash = createHash("sha256");
let count = 0;
for await (const ids of tokenizer.encodeBytesBlocks(createReadStream(file, { highWaterMark: 4 << 20 }))) {
  const u32 = Uint32Array.from(ids);
  hash.update(new Uint8Array(u32.buffer));
  count += u32.length;
}
console.log(count, hash.digest("hex").slice(0, 16));
