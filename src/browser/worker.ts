// The one worker script: it trains (started by trainInWorker) or, when started by name from a
// training worker, counts. One script means a training worker can start its counting workers from
// its own URL, which also works when the script is inlined as a Blob URL (see ./inline.ts).
import { serveCounting } from "./count-worker.js";
import { COUNT_WORKER, workerScope } from "./scope.js";
import { serveTraining } from "./train-worker.js";

if (workerScope().name === COUNT_WORKER) serveCounting();
else serveTraining();
