// Counting chunks for parallel training (see ../parallel.ts), and whole units of input it opens
// itself (URLs, Files: ../pipeline/): worker.ts's role when the training worker starts it by name, one per thread.
import { serveCounter } from "../parallel.js";
import { openBrowserShard } from "./files.js";
import { workerScope } from "./scope.js";

/** Counts what the training worker sends. */
export function serveCounting(): void {
  const scope = workerScope();
  serveCounter({
    post: (message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }),
    onMessage: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
  }, openBrowserShard);
}
