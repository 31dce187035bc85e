// The eval chart renders in a real browser: the SVG file written by `bytepair eval --chart` is
// opened on its own (file://, no page around it) in Debian's headless Chromium; every bar has its
// size, every label has width, nothing overlaps the plot's frame. Screenshot: test-artifacts/eval-chart.png.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { evalChart } from "../src/eval-chart.js";
import type { EvalRow } from "../src/eval.js";
import { tempDirSync } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const skip = !existsSync(CHROMIUM);
if (skip) console.warn(`[bytepair tests] the eval chart's browser test is skipped: ${CHROMIUM} is missing (apt-get install chromium).`);

/** Rows as `bytepair eval` gives them (the numbers of README's table). */
function rows(): EvalRow[] {
  const bpt: Record<string, [number, number]> = { "fineweb-16k.bpe": [4.32, 2.341], cl100k_base: [4.861, 3.327], o200k_base: [4.92, 3.77] };
  return Object.entries(bpt).flatMap(([tokenizer, values]) =>
    ["English (CC-MAIN-2024-10)", "Danish (FineWeb-2)"].map((input, i) => ({
      tokenizer,
      input,
      bytes: 0,
      chars: 0,
      words: 0,
      tokens: 0,
      bytesPerToken: values[i],
      charsPerToken: 0,
      tokensPerWord: 0,
      vocabSize: 0,
      vocabUsed: 0,
      vocabUnused: 0,
      renyiEfficiency: 0,
      tokenRatio: 1,
    })),
  );
}

describe.skipIf(skip)("the eval chart in headless Chromium", () => {
  it("renders on its own: six bars of the right heights, labels, legend, axis title", async () => {
    const dir = tempDirSync("chart");
    const profile = tempDirSync("chromium");
    const file = join(dir, "eval.svg");
    writeFileSync(file, evalChart(rows()));
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 800, height: 600 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(pathToFileURL(file).href);
      const drawn = await page.evaluate(() => {
        const svg = document.documentElement as unknown as SVGSVGElement;
        const bars = Array.from(svg.querySelectorAll("rect")).filter((r) => r.querySelector("title"));
        const texts = Array.from(svg.querySelectorAll("text")).map((t) => ({ text: t.textContent, width: t.getBBox().width }));
        return {
          root: svg.tagName,
          width: svg.getBoundingClientRect().width,
          bars: bars.map((b) => ({ height: b.getBBox().height, fill: b.getAttribute("fill"), title: b.querySelector("title")!.textContent })),
          texts,
        };
      });
      expect(errors).toEqual([]);
      expect(drawn.root).toBe("svg");
      expect(drawn.width).toBeGreaterThan(400);
      expect(drawn.bars).toHaveLength(6);
      // heights in proportion to the values: 4.92 / 2.341
      const height = (title: string) => drawn.bars.find((b) => b.title!.startsWith(title))!.height;
      expect(height("o200k_base on English") / height("fineweb-16k.bpe on Danish")).toBeCloseTo(4.92 / 2.341, 1);
      expect(new Set(drawn.bars.map((b) => b.fill)).size).toBe(3);
      for (const label of ["bytes per token", "fineweb-16k.bpe", "cl100k_base", "o200k_base", "English (CC-MAIN-2024-10)", "Danish (FineWeb-2)", "4.92", "2.34"]) {
        const text = drawn.texts.find((t) => t.text === label);
        expect(text, label).toBeDefined();
        expect(text!.width, label).toBeGreaterThan(5);
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "eval-chart.png") });
      console.log(`[bytepair eval chart] screenshot: ${join(ARTIFACTS, "eval-chart.png")}`);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
