import {
  close as closeCallback,
  closeSync,
  constants,
  fstatSync,
  ftruncate as ftruncateCallback,
  lstatSync,
  open as openCallback,
  openSync,
  readFile as readFileCallback,
  readSync,
  write as writeCallback,
  writeSync,
} from "node:fs";
import { promisify } from "node:util";

/**
 * Whole files read and written through Node's callback API rather than fs/promises: a FileHandle
 * per file took 15-25 % more of the main thread (20,000 files on tmpfs), and a build's main thread
 * is the one that renders. Used where a build reads or writes many files.
 */
export const readFile = promisify(readFileCallback);

const open = promisify(openCallback);
const write = promisify(writeCallback);
const ftruncate = promisify(ftruncateCallback);
const close = promisify(closeCallback);
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * Writes `content` over a file that is there, in place: its bytes from the start, then the file cut
 * to their length. Opening it truncated instead (as `createFile` does) makes ext4 free its blocks,
 * discard them on a disk mounted with `discard`, and allocate and flush new ones when it is closed
 * (`auto_da_alloc`): 10,000 pages written over in place took 0.7-0.8 s on this machine's disk,
 * truncated 0.95-2.2 s (bench/README.md). The file ends the same either way, byte for byte; a
 * file that is not there is created. Only for files nobody reads while they are written (a spare
 * build's, src/build/spare-build.ts): until the write ends, a reader would see old and new bytes.
 */
export async function overwriteFile(file: string, content: string | Uint8Array): Promise<void> {
  let fd: number;
  try {
    fd = await open(file, constants.O_WRONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return createFile(file, content);
  }
  try {
    await ftruncate(fd, await writeAll(fd, content));
  } finally {
    await close(fd);
  }
}

/**
 * Writes `content` as the whole of `file`, created or emptied first (what `writeFile` does). Neither
 * this nor `overwriteFile` writes through a symbolic link where the file goes (ELOOP): a build never
 * makes one, and its files stay in its folder.
 */
export async function createFile(file: string, content: string | Uint8Array): Promise<void> {
  const fd = await open(file, CREATE);
  try {
    await writeAll(fd, content);
  } finally {
    await close(fd);
  }
}

/**
 * Writes `content` from the file's start; returns its length in bytes. Text goes to Node as the
 * string: Node encodes it as UTF-8 once, into memory of its own, where `Buffer.from` measures it,
 * makes a Buffer and encodes it. At 1,000 posts that took the main thread from 235 to 170 ms for
 * 11 MB of pages (most of what is left is joining the pieces Nunjucks makes a page of).
 */
async function writeAll(fd: number, content: string | Uint8Array): Promise<number> {
  if (typeof content !== "string") return writeFrom(fd, content, 0);
  const { bytesWritten } = await write(fd, content, 0, "utf8");
  const length = Buffer.byteLength(content);
  // A write can end short (a full disk): the rest is written from the bytes, and fails there.
  return bytesWritten === length ? length : writeFrom(fd, Buffer.from(content), bytesWritten);
}

async function writeFrom(fd: number, bytes: Uint8Array, from: number): Promise<number> {
  let at = from;
  while (at < bytes.length) at += (await write(fd, bytes, at, bytes.length - at, at)).bytesWritten;
  return bytes.length;
}

/** How far into a file `patchInPlace` looks for the text it replaces, when it is not told where it is. */
const HEAD = 2048;

/**
 * Replaces `was` with `now` (text of the same length in bytes) in `file`, if the file is `bytes`
 * long: at byte `at`, where the build that wrote the file recorded it, or else where it first
 * stands within the first 2 KiB. Returns whether the file is now as asked; false, without a
 * change, when it is not there, is a link or a folder, is of another length, or, not told where,
 * lacks `was`. `was` the same as `now` (or both empty): nothing to write, and only the file's kind
 * and length are looked at, in one system call. The build's folders are its own (README,
 * Decisions): a file there edited by hand to the same length is taken as it is. Synchronous: a
 * few small system calls, against reading and writing a whole page on the thread pool.
 */
export function patchInPlace(file: string, bytes: number, was: string, now: string, at?: number): boolean {
  const from = Buffer.from(was);
  const to = Buffer.from(now);
  if (from.length !== to.length) return false;
  if (from.equals(to)) {
    const info = lstatSync(file, { throwIfNoEntry: false });
    return info?.isFile() === true && info.size === bytes;
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size !== bytes) return false;
    let where = at;
    if (where === undefined || where < 0 || where + from.length > bytes) {
      const head = Buffer.allocUnsafe(Math.min(HEAD, bytes));
      where = head.subarray(0, readSync(fd, head, 0, head.length, 0)).indexOf(from);
      if (where < 0) return false;
    }
    writeSync(fd, to, 0, to.length, where);
    return true;
  } finally {
    closeSync(fd);
  }
}
