// A worker_threads worker that reads and encodes units of input for `tokenize` (see ./tokenize-pool.ts):
// it opens local paths and URLs itself, with node:zlib's decompressors.
import { parentPort } from "node:worker_threads";
import { useNodeCodecs } from "./open.js";
import { serveEncoder } from "./tokenize-pool.js";

useNodeCodecs();
serveEncoder({
  post: (message, transfer) => parentPort!.postMessage(message, transfer),
  onMessage: (handler) => parentPort!.on("message", handler),
});
