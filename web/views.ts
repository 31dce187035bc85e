// What the page draws from a trained tokenizer: tokens coloured, the merges table, the compression
// chart, the seed's steps. Plain DOM; each function fills one element.
import { createEngine, renderBytes, toBinary, toDecimal, topPairs, type Merge, type Tokenizer } from "../src/index.js";

const encoder = new TextEncoder();

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Each token a coloured span; a character split across tokens shows with the token that completes it. */
export function showTokens(into: HTMLElement, tokenizer: Tokenizer, ids: readonly number[]): void {
  const decoder = new TextDecoder();
  into.replaceChildren(
    ...ids.map((id, i) => {
      const span = el("span", decoder.decode(tokenizer.tokenBytes(id), { stream: true }), `t${i % 6}`);
      span.title = `${id}  ${renderBytes(tokenizer.tokenBytes(id))}`;
      return span;
    }),
  );
}

const TABLE_ROWS = 2000;

/** rank, id, pair (each side rendered), token, count. */
export function showMerges(table: HTMLTableElement, more: HTMLElement, tokenizer: Tokenizer, merges: readonly Merge[]): void {
  const token = (id: number) => renderBytes(tokenizer.tokenBytes(id));
  const rows = merges.slice(0, TABLE_ROWS).map((m, rank) => {
    const tr = el("tr");
    tr.append(el("td", String(rank)), el("td", String(m.id)), el("td", `${token(m.left)} + ${token(m.right)}`), el("td", token(m.id), "tok"), el("td", m.count.toLocaleString("en")));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  more.textContent = merges.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${merges.length} merges (download the tokenizer for all).` : "";
}

/**
 * Bytes per token of the training corpus after each merge. Merge k removed `count` tokens, so the
 * corpus had `finalTokens + (counts of merges k..end)` tokens before it: no re-encoding needed.
 */
export function compressionCurve(merges: readonly Merge[], bytes: number, finalTokens: number, first: number): [vocab: number, bytesPerToken: number][] {
  const points: [number, number][] = [];
  let tokens = finalTokens;
  for (let k = merges.length; k >= 0; k--) {
    points.push([first + k, bytes / tokens]);
    if (k > 0) tokens += merges[k - 1].count;
  }
  return points.reverse();
}

/** A line chart as inline SVG: x = vocab size, y = bytes per token. */
export function showChart(into: HTMLElement, points: [number, number][]): void {
  const [w, h, left, bottom] = [640, 260, 48, 28];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [1, Math.max(...ys) * 1.05];
  const x = (v: number) => left + ((v - x0) / Math.max(x1 - x0, 1)) * (w - left - 10);
  const y = (v: number) => h - bottom - ((v - y0) / Math.max(y1 - y0, 1e-9)) * (h - bottom - 10);
  const step = Math.max(1, Math.ceil(points.length / 800)); // at most ~800 points drawn
  const line = points.filter((_, i) => i % step === 0 || i === points.length - 1).map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`);
  const yTicks = [y0, (y0 + y1) / 2, y1].map((v) => `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`);
  const xTicks = [x0, Math.round((x0 + x1) / 2), x1].map((v) => `<text x="${x(v)}" y="${h - 8}" text-anchor="middle">${v}</text>`);
  into.innerHTML = `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="bytes per token against vocab size">
    <line x1="${left}" y1="${h - bottom}" x2="${w - 10}" y2="${h - bottom}" class="axis"/>
    <line x1="${left}" y1="10" x2="${left}" y2="${h - bottom}" class="axis"/>
    <polyline points="${line.join(" ")}" class="curve"/>
    ${yTicks.join("")}${xTicks.join("")}
  </svg><div class="muted">bytes per token of the training text (y) at each vocab size (x): ${ys[0].toFixed(2)} with bytes only, ${ys[ys.length - 1].toFixed(2)} at ${x1} tokens.</div>`;
}

/** The seed's steps for a short text: its bits, its byte values, its most frequent adjacent pairs. */
export async function showSeedSteps(text: string, bits: HTMLElement, values: HTMLElement, pairs: HTMLElement): Promise<void> {
  const bytes = encoder.encode(text);
  bits.textContent = toBinary(bytes, 8);
  values.textContent = toDecimal(bytes, 16);
  const engine = await createEngine("wasm");
  engine.countPairs(bytes, -1);
  const top = topPairs(engine.pairCounts()).slice(0, 10);
  pairs.textContent = top.map((p) => `${String(p.left).padStart(3)} ${String(p.right).padStart(3)}  ${renderBytes(new Uint8Array([p.left, p.right])).padEnd(12)} ${p.count}`).join("\n") || "(no pairs)";
}
