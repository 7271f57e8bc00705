/**
 * A command was called wrongly: a bad option, a bad `--now`, an output folder it must not touch.
 * The command line runner prints the message and exits 2 (problems in the posts exit 1).
 */
export class UsageError extends Error {
  override name = "UsageError";
}
