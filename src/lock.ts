import { open, readFile, stat, unlink } from "node:fs/promises";

/**
 * A lock file that holds the process id of its owner. Two builds writing one output folder, or two
 * `update`s editing one post, take turns through it instead of losing each other's work. A lock left
 * by a process that no longer runs (kill -9, a crash) is taken over.
 */
export interface Lock {
  release(): Promise<void>;
}

export class LockTimeout extends Error {}

export interface LockOptions {
  /** how long to wait for another owner before giving up, in ms */
  wait: number;
  /** said once when the lock is held by another process */
  onWait?: (owner: number) => void;
}

export async function acquireLock(file: string, options: LockOptions): Promise<Lock> {
  const deadline = Date.now() + options.wait;
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await lockOwner(file);
    if (owner === undefined && (await ageOf(file)) > 5_000) {
      // Created but never written: its owner died between the two steps.
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (owner !== undefined && !isRunning(owner)) {
      // Only remove the lock if it still names the dead owner: another waiter may have replaced it.
      if ((await lockOwner(file)) === owner) await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LockTimeout(`${file} is held by process ${owner ?? "?"}; gave up after ${options.wait / 1000} s`);
    }
    if (!told && owner !== undefined) options.onWait?.(owner);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50));
  }
}

async function lockOwner(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function ageOf(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
