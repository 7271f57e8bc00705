import { readEnvironment } from "../environment.ts";
import { UsageError } from "../errors.ts";
import { LockTimeout } from "../lock.ts";
import { SiteError } from "../model/problems.ts";

/**
 * Runs a command's main function and turns every way it can end into a message and an exit code,
 * as unjs/citty's `runMain` does: 0 done, 1 refused or problems found, 2 called wrongly. People at
 * a console read messages, not stack traces; `NOC_DEBUG=1` adds the stack of an unexpected error.
 */
export async function runMain(name: string, main: () => Promise<number | undefined>): Promise<void> {
  try {
    const code = await main();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    const { message, code } = explain(error);
    console.error(message.startsWith(`${name}:`) ? message : `${name}: ${message}`);
    if (readEnvironment().debug && error instanceof Error && error.stack) console.error(error.stack);
    process.exitCode = code;
  }
}

/** The message and exit code for an error, looking through the wrappers libraries put around ours. */
export function explain(error: unknown): { message: string; code: number } {
  const root = rootCause(error);
  if (root instanceof SiteError) return { message: root.message, code: 1 };
  if (root instanceof UsageError) return { message: root.message, code: 2 };
  if (root instanceof LockTimeout) return { message: root.message, code: 1 };
  if (isArgsError(root)) return { message: `${root.message} (--help lists the options)`, code: 2 };
  const errno = root as NodeJS.ErrnoException;
  if (errno.code === "ENOSPC") return { message: `the disk is full (${errno.path ?? "writing"})`, code: 1 };
  if (errno.code === "EACCES" || errno.code === "EPERM")
    return { message: `permission denied: ${errno.path ?? errno.message}`, code: 1 };
  if (errno.code === "ENOENT") return { message: `no such file or folder: ${errno.path ?? errno.message}`, code: 1 };
  const message = root instanceof Error ? root.message : String(root);
  return { message: message.split("\n")[0] ?? message, code: 1 };
}

function rootCause(error: unknown): unknown {
  let e = error;
  for (let depth = 0; depth < 20; depth++) {
    if (e instanceof SiteError || e instanceof UsageError || e instanceof LockTimeout) return e;
    if (e instanceof Error && (e.name === "SiteError" || e.name === "UsageError")) return e;
    const next = (e as { originalError?: unknown } | null)?.originalError ?? (e as { cause?: unknown } | null)?.cause;
    if (!next) return e;
    e = next;
  }
  return e;
}

function isArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
}
