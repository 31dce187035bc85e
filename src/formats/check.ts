// Checks a loader runs on a file's lines, so that its errors name the file and the line.
import { BytepairError } from "../errors.js";

/**
 * Each merge may use only bytes and the ids of earlier merges; `lineOf[k]` is merge k's line
 * (1-based). Without this the Tokenizer would report "merge 12" with no file or line.
 */
export function checkMergeRefs(
  merges: readonly { left: number; right: number; id: number }[],
  byteIds: ArrayLike<number>,
  lineOf: readonly number[],
  source: string,
): void {
  const known = new Set<number>(Array.from(byteIds));
  merges.forEach((m, k) => {
    for (const id of [m.left, m.right]) {
      if (!known.has(id)) {
        throw new BytepairError(`${source}:${lineOf[k]}: merge ${m.left} ${m.right} uses id ${id}, which is not a token yet (a merge may use only bytes and earlier merges).`);
      }
    }
    known.add(m.id);
  });
}
