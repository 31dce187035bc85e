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
      yield [begun.length === 0 ? line : join(begun, line, n + 1), ++n];
      begun = [];
      start = end + 1;
    }
    if (start < text.length) begun.push(text.slice(start));
  }
  const rest = join(begun, decoder.decode(), n + 1);
  if (rest !== "") yield [rest, ++n];
}

/** A line too long for one string (V8: ~512 MiB): its number. */
class LineTooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than the longest string`);
  }
}

/** A line's pieces as one string; LineTooLong where the engine cannot hold it. */
function join(pieces: string[], last: string, n: number): string {
  try {
    return pieces.join("") + last;
  } catch (error) {
    if (error instanceof RangeError) throw new LineTooLong(n);
    throw error;
  }
}

/** Each non-blank line parsed as a JSON object. */
export async function* jsonlRows(source: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<[row: Record<string, unknown>, n: number]> {
  try {
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
  } catch (error) {
    if (!(error instanceof LineTooLong)) throw error;
    throw new BytepairError(`${name}:${error.line}: this line is too long to read as one JavaScript string (the limit is ~512 MiB); bytepair train and bytepair count read such lines as bytes.`);
  }
}
