/** An error meant for the user: one clear sentence, printed without a stack trace. */
export class BytepairError extends Error {
  override name = "BytepairError";
}

/** A bad option or argument (bytepair's CLI exits 2 for these, 1 for other errors). */
export class UsageError extends BytepairError {
  override name = "UsageError";
}
