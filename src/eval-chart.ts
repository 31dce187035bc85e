// The eval chart: a grouped bar chart of bytes per token, as one self-contained SVG (no script, no
// external font or style), readable in any viewer: title, y axis with ticks and its label, one group
// of bars per input or column value, the value printed on each bar, and a legend of tokenizers.
import type { EvalRow } from "./eval.js";

const COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Bytes per token per group (x) and tokenizer (bars, legend). */
export function evalChart(rows: readonly EvalRow[], title = "Bytes per token (higher is better compression)"): string {
  const tokenizers = [...new Set(rows.map((r) => r.tokenizer))];
  const groups = [...new Set(rows.map(groupOf))];
  const value = new Map(rows.map((r) => [`${r.tokenizer}\u0000${groupOf(r)}`, r.bytesPerToken]));
  const bar = Math.max(14, Math.min(48, 360 / Math.max(tokenizers.length, 1)));
  const gap = 28;
  const longest = Math.max(0, ...groups.map((g) => g.length));
  const groupWidth = Math.max(bar * tokenizers.length + gap, Math.min(longest, 48) * 7 + 12); // room for the label (~7 px a character at 12 px)
  const [left, right, top] = [64, 24, 48];
  const plotHeight = 280;
  const legendHeight = 20 * tokenizers.length + 12;
  const width = Math.max(480, left + right + groupWidth * groups.length);
  const height = top + plotHeight + 56 + legendHeight;
  const max = niceCeiling(Math.max(1e-9, ...value.values()));
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  );
  // y axis: five ticks with grid lines, and its label
  for (let k = 0; k <= 5; k++) {
    const v = (max * k) / 5;
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#dddddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  out.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#333333"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#333333"/>`,
    `<text transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">bytes per token</text>`,
  );
  // bars, with their values, one group per input or value
  groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + (groupWidth - bar * tokenizers.length) / 2;
    tokenizers.forEach((tokenizer, t) => {
      const v = value.get(`${tokenizer}\u0000${group}`);
      if (v === undefined) return;
      const x = x0 + t * bar;
      out.push(
        `<rect x="${x}" y="${y(v)}" width="${bar - 2}" height="${top + plotHeight - y(v)}" fill="${COLORS[t % COLORS.length]}"><title>${escapeXml(`${tokenizer} on ${group}: ${v.toFixed(3)} bytes per token`)}</title></rect>`,
        `<text x="${x + (bar - 2) / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="${bar < 30 ? 9 : 11}">${v.toFixed(2)}</text>`,
      );
    });
    out.push(`<text x="${left + g * groupWidth + groupWidth / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${escapeXml(clip(group, 48))}</text>`);
  });
  // the legend
  const legendTop = top + plotHeight + 40;
  tokenizers.forEach((tokenizer, t) => {
    const ly = legendTop + t * 20;
    out.push(
      `<rect x="${left}" y="${ly}" width="14" height="14" fill="${COLORS[t % COLORS.length]}"/>`,
      `<text x="${left + 20}" y="${ly + 11}">${escapeXml(tokenizer)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function groupOf(r: EvalRow): string {
  return r.input ?? r.group ?? "";
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above v. */
function niceCeiling(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0));
