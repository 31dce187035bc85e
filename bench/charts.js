// Charts for bench/RESULTS.md, drawn by Vega-Lite and rendered to SVG (no browser needed).
import * as vega from "vega";
import * as vl from "vega-lite";

async function svg(spec) {
  const view = new vega.View(vega.parse(vl.compile({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", ...spec }).spec), { renderer: "none" });
  return view.toSVG();
}

/** A line per tool: y against x, log scales when the data spans a wide range. */
export function lineChart({ title, rows, x, y, xTitle, yTitle, logX = false, logY = false }) {
  return svg({
    title,
    width: 480,
    height: 280,
    data: { values: rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: x, type: "quantitative", title: xTitle, scale: logX ? { type: "log" } : {} },
      y: { field: y, type: "quantitative", title: yTitle, scale: logY ? { type: "log" } : {} },
      color: { field: "tool", type: "nominal", title: null, legend: { orient: "bottom", columns: 2, labelLimit: 360 } },
    },
  });
}

/** The three charts of bench/RESULTS.md from the end-to-end rows: name -> SVG text. */
export async function trainingCharts(rows, sizeVocab, withVocab) {
  const bySize = rows.filter((r) => r.vocab === sizeVocab && r.mb !== null);
  const charts = {
    "time-by-size.svg": await lineChart({ title: `Training time, cl100k, vocab ${sizeVocab}`, rows: bySize, x: "mb", y: "seconds", xTitle: "corpus (MB of text)", yTitle: "wall seconds (median)", logX: true, logY: true }),
    "memory-by-size.svg": await lineChart({ title: `Peak memory, cl100k, vocab ${sizeVocab}`, rows: bySize, x: "mb", y: "peakMiB", xTitle: "corpus (MB of text)", yTitle: "peak RSS (MiB)", logX: true }),
  };
  if (withVocab) {
    const byVocab = rows.filter((r) => r.mb === 19.5);
    charts["time-by-vocab.svg"] = await lineChart({ title: "Training time on 19.5 MB, cl100k", rows: byVocab, x: "vocab", y: "seconds", xTitle: "vocabulary size", yTitle: "wall seconds (median)", logX: true });
  }
  return charts;
}
