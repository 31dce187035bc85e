// A pre-tokenization pattern for the second stage of SuperBPE (Liu et al. 2025, "SuperBPE: Space
// Travel for Language Models"): chunks keep their spaces and run to the end of a sentence, so stage-2
// merges can join words ("of the", " in order to"). A chunk is a run up to and including sentence-end
// punctuation (. ! ?), or a run without any, or a run of line breaks: every character is in one chunk.
export const SUPERWORD = "[^\\r\\n.!?]*[.!?]+|[^\\r\\n.!?]+|[\\r\\n]+";

/** "superword" -> the pattern above; any other pattern as given. */
export function patternOf(name: string): string;
export function patternOf(name: string | undefined): string | undefined;
export function patternOf(name: string | undefined): string | undefined {
  return name === "superword" ? SUPERWORD : name;
}
