// JSON Lines: one row per line; the text is one field (default "text"). Errors name the line.
import { BytepairError } from "../errors.js";

/** The lines of a byte stream (UTF-8), numbered from 1; a "\r" before "\n" is kept (JSON ignores it). */
export async function* lines(source: AsyncIterable<Uint8Array>): AsyncGenerator<[line: string, n: number]> {
  const decoder = new TextDecoder();
  // the line begun in earlier chunks, in pieces: only a new chunk is searched for "\n", and a long
  // line is joined once (joined and searched again for every chunk, a 10 MB line took 9 s)
  let begun: string[] = [];
  let n = 0;
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end);
      yield [begun.length === 0 ? line : begun.join("") + line, ++n];
      begun = [];
      start = end + 1;
    }
    if (start < text.length) begun.push(text.slice(start));
  }
  const rest = begun.join("") + decoder.decode();
  if (rest !== "") yield [rest, ++n];
}

/** Each non-blank line parsed as a JSON object. */
export async function* jsonlRows(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<[row: Record<string, unknown>, n: number]> {
  for await (const [line, n] of lines(source)) {
    if (line.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new BytepairError(`${name}:${n}: this line is not valid JSON.`);
    }
    if (row === null || typeof row !== "object" || Array.isArray(row)) throw new BytepairError(`${name}:${n}: this line is not a JSON object.`);
    yield [row as Record<string, unknown>, n];
  }
}
