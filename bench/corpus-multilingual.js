// Builds ~100 MB of mixed multilingual text for the encoding benchmark (bench/encode-multilingual.js):
// Debian's translated man pages (German, French, Japanese, Russian, Chinese, Spanish, Polish,
// Ukrainian, Czech, Greek, Vietnamese, ... as installed by `apt-get download manpages-XX`), interleaved
// page by page across languages, plus the FineWeb text in ../shared/data. Nothing is committed:
// packages and the corpus live in bench/.cache/ (gitignored).
//
//   node bench/corpus-multilingual.js [--mb 100]     # prints the corpus path
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { readDocuments } from "../dist/node.js";

const LANGUAGES = ["de", "fr", "ja", "ru", "zh", "es", "it", "pl", "uk", "nl", "cs", "da", "fi", "hu", "sv", "el", "vi", "ro", "tr", "id", "sr", "mk"];
const CACHE = fileURLToPath(new URL("./.cache/", import.meta.url));
const DATA = fileURLToPath(new URL("../../shared/data/fineweb/", import.meta.url));
const { values } = parseArgs({ options: { mb: { type: "string", default: "100" } } });
const target = Number(values.mb) * 1e6;
const out = join(CACHE, `multilingual-${values.mb}mb.txt`);

if (existsSync(out)) {
  console.log(out);
  process.exit(0);
}
const debs = join(CACHE, "debs");
const root = join(CACHE, "manpages");
mkdirSync(debs, { recursive: true });
mkdirSync(root, { recursive: true });
for (const lang of LANGUAGES) {
  if (readdirSync(debs).some((f) => f.startsWith(`manpages-${lang}_`))) continue;
  try {
    execFileSync("apt-get", ["download", `manpages-${lang}`], { cwd: debs, stdio: "ignore" });
  } catch {
    console.error(`(manpages-${lang} is not available: skipped)`);
  }
}
for (const deb of readdirSync(debs)) execFileSync("dpkg-deb", ["-x", join(debs, deb), root]);

/** Every file under dir. */
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const fatal = new TextDecoder("utf-8", { fatal: true });
const byLanguage = new Map();
for (const file of walk(join(root, "usr/share/man")).sort()) {
  const lang = file.slice(join(root, "usr/share/man").length + 1).split("/")[0];
  if (lang.startsWith("man")) continue; // untranslated (English) pages
  let bytes = /** @type {Buffer} */ (readFileSync(file));
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  let text;
  try {
    text = fatal.decode(bytes); // keep only valid UTF-8: Python must read the same text
  } catch {
    continue;
  }
  if (!byLanguage.has(lang)) byLanguage.set(lang, []);
  byLanguage.get(lang).push(text);
}
const pages = [];
for (let i = 0; [...byLanguage.values()].some((list) => i < list.length); i++) for (const list of byLanguage.values()) if (i < list.length) pages.push(list[i]);
const fineweb = [];
for await (const doc of readDocuments([DATA])) fineweb.push(typeof doc === "string" ? doc : fatal.decode(doc));

// alternate man pages and FineWeb documents until the target size; repeat the whole only if short
const parts = [];
let size = 0;
for (let round = 0; size < target; round++) {
  for (let i = 0; size < target && (i < pages.length || i < fineweb.length); i++) {
    for (const text of [pages[i], fineweb[i]]) {
      if (text === undefined || size >= target) continue;
      parts.push(text);
      size += Buffer.byteLength(text);
    }
  }
}
writeFileSync(out, parts.join("\n"));
const languages = [...byLanguage].map(([lang, list]) => `${lang} ${list.length}`).join(", ");
console.error(`${out}: ${size} bytes; man pages by language: ${languages}; FineWeb documents: ${fineweb.length}`);
console.log(out);
