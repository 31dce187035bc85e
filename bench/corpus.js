// Builds the pipeline benchmark's corpus: >= 1 GB of DISTINCT real text, from a Debian package
// (the Linux kernel source: ~90,000 files of C, docs and scripts, each file one document), cached
// under bench/.corpus/ (gitignored, never committed). Writes
//   bench/.corpus/kernel.jsonl            one {"text": ...} per file, in path order
//   bench/.corpus/kernel-parquet/*.parquet 16 zstd shards, row groups of 1000 documents (pyarrow)
// usage: node bench/corpus.js [--package linux-source-6.12]   (~3 min: download, unpack, write)
// Needs apt-get (download only, no install), dpkg-deb, tar with xz, and /work/venv's pyarrow.
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
export const CORPUS = join(here, ".corpus");
export const JSONL = join(CORPUS, "kernel.jsonl");
export const PARQUET = join(CORPUS, "kernel-parquet");
const PYTHON = process.env.BENCH_PYTHON ?? "/work/venv/bin/python";
const pkg = process.argv.includes("--package") ? process.argv[process.argv.indexOf("--package") + 1] : "linux-source-6.12";

function sh(cmd, args, cwd = CORPUS) {
  console.error(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

/** Files under dir, recursively, in path order. */
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory()) out.push(...walk(path));
    else if (info?.isFile()) out.push(path);
  }
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Text worth training on: no NUL byte, valid UTF-8, not empty. */
function textOf(bytes) {
  if (bytes.length === 0 || bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

async function main() {
  mkdirSync(CORPUS, { recursive: true });
  if (existsSync(JSONL) && existsSync(join(PARQUET, "shard-15.parquet"))) {
    console.error(`corpus already built in ${CORPUS}`);
    return;
  }
  const src = join(CORPUS, "src");
  if (!existsSync(src)) {
    if (!readdirSync(CORPUS).some((f) => f.startsWith(pkg) && f.endsWith(".deb"))) sh("apt-get", ["download", pkg]);
    const deb = readdirSync(CORPUS).find((f) => f.startsWith(pkg) && f.endsWith(".deb"));
    sh("dpkg-deb", ["-x", deb, "deb"]);
    const tarball = walk(join(CORPUS, "deb")).find((f) => /\.tar\.(xz|gz|bz2)$/.test(f));
    mkdirSync(src);
    sh("tar", ["-xf", tarball, "-C", src]);
  }
  let documents = 0;
  let bytes = 0;
  const out = createWriteStream(JSONL);
  for (const file of walk(src)) {
    const text = textOf(readFileSync(file));
    if (text === null) continue;
    documents++;
    bytes += Buffer.byteLength(text);
    if (!out.write(JSON.stringify({ text }) + "\n")) await new Promise((resolve) => out.once("drain", () => resolve(undefined)));
  }
  await new Promise((resolve) => out.end(resolve));
  console.error(`wrote ${JSONL}: ${documents} documents, ${bytes} bytes of text`);
  mkdirSync(PARQUET, { recursive: true });
  const script = `
import json, sys, pyarrow as pa, pyarrow.parquet as pq
docs = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
n = 16
per = (len(docs) + n - 1) // n
for i in range(n):
    part = docs[i * per:(i + 1) * per]
    pq.write_table(pa.table({"text": part}), f"{sys.argv[2]}/shard-{i:02d}.parquet", compression="zstd", row_group_size=1000)
print(len(docs), "documents in", n, "shards")
`;
  sh(PYTHON, ["-c", script, JSONL, PARQUET]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
