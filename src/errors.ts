// Errors meant for the user: one clear sentence, printed without a stack trace, with a stable `code`
// that programs can test (`error.code === "ERR_NETWORK"`) instead of matching the message.

/** The codes bytepair's errors carry. New codes may be added; existing ones keep their meaning. */
export type ErrorCode =
  | "ERR_BAD_INPUT" // a file, option value or text that cannot be used (exit 1)
  | "ERR_USAGE" // a command line that does not parse (exit 2)
  | "ERR_NETWORK" // a URL or the Hugging Face hub could not be reached or answered an error
  | "ERR_NOT_FOUND" // a named vocabulary, file or dataset does not exist where it was looked up
  | "ERR_UNSUPPORTED" // a valid input that uses a feature bytepair does not implement
  | "ERR_OUT_OF_MEMORY" // the WebAssembly core could not grow its memory
  | "ERR_CORE" // the WebAssembly core stopped on an internal error (a bug: please report it)
  | "ERR_ABORTED" // an AbortSignal ended the work
  | "ERR_CANCELLED"; // a training job was cancelled

/** An error meant for the user: one clear sentence, printed without a stack trace. */
export class BytepairError extends Error {
  override name = "BytepairError";
  readonly code: ErrorCode;

  constructor(message: string, code: ErrorCode = "ERR_BAD_INPUT", options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A bad option or argument, or a command line that does not parse: the CLI exits with code 2. */
export class UsageError extends BytepairError {
  override name = "UsageError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "ERR_USAGE", options);
  }
}

/** The error an aborted signal stands for (its reason when that is an Error, else a BytepairError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason;
  return new BytepairError("The operation was aborted.", "ERR_ABORTED", { cause: reason });
}

/** Throws when `signal` has been aborted (a no-op without a signal). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

