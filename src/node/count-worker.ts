// A worker_threads worker that counts chunks (see ../parallel.ts), and whole units of input it
// opens itself (../pipeline/): local paths and URLs, with node:zlib's decompressors.
import { parentPort } from "node:worker_threads";
import { serveCounter } from "../parallel.js";
import { openNodeShard, useNodeCodecs } from "./open.js";

useNodeCodecs();
serveCounter(
  {
    post: (message, transfer) => parentPort!.postMessage(message, transfer),
    onMessage: (handler) => parentPort!.on("message", handler),
  },
  openNodeShard,
);
