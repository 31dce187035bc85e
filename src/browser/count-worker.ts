// A Web Worker that counts chunks for parallel training (see ../parallel.ts), and whole units of
// input it opens itself (URLs, Files: ../pipeline/); started by the training worker, one per thread.
import { serveCounter } from "../parallel.js";
import { openBrowserShard } from "./files.js";
import { workerScope } from "./scope.js";

const scope = workerScope();
serveCounter(
  {
    post: (message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }),
    onMessage: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
  },
  openBrowserShard,
);
