// Preloaded (node --import bench/thread-stats.js ...) by bench/page-faults.js: every thread's CPU time
// and minor page faults over the process's life, from /proc/self/task (Linux), sampled every 20 ms
// (a thread that ends is counted as last seen) and printed at exit as one JSON line on stderr:
// {"threadStats":[{"tid","name","cpuMs","faults"}]}.
import { readdirSync, readFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const ticks = 100; // USER_HZ: /proc's clock ticks per second on Linux
const seen = new Map();
function sample() {
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on
      seen.set(tid, { tid: Number(tid), name, cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / ticks, faults: Number(f[7]) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
}
// workers inherit the --import: only the main thread samples
if (isMainThread) {
  setInterval(sample, 20).unref();
  process.on("exit", () => {
    sample();
    process.stderr.write(`${JSON.stringify({ threadStats: [...seen.values()] })}\n`);
  });
}
