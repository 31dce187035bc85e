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
      color: { field: "tool", type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } },
    },
  });
}
