import {
  close as closeCallback,
  constants,
  ftruncate as ftruncateCallback,
  open as openCallback,
  readFile as readFileCallback,
  write as writeCallback,
  writeFile as writeFileCallback,
} from "node:fs";
import { promisify } from "node:util";

/**
 * Whole files read and written through Node's callback API rather than fs/promises: a FileHandle
 * per file took 15-25 % more of the main thread (20,000 files on tmpfs), and a build's main thread
 * is the one that renders. Used where a build reads or writes many files.
 */
export const readFile = promisify(readFileCallback);
export const writeFile = promisify(writeFileCallback);

const open = promisify(openCallback);
const write = promisify(writeCallback);
const ftruncate = promisify(ftruncateCallback);
const close = promisify(closeCallback);

/**
 * Writes `content` over a file that is there, in place: its bytes from the start, then the file cut
 * to their length. Opening it truncated instead (as `writeFile` does) makes ext4 free its blocks,
 * discard them on a disk mounted with `discard`, and allocate and flush new ones when it is closed
 * (`auto_da_alloc`): 10,000 pages written over in place took 0.7-0.8 s on this machine's disk,
 * truncated 0.95-2.2 s (bench/README.md). The file ends the same either way, byte for byte; a
 * file that is not there is created. Only for files nobody reads while they are written (a spare
 * build's, src/build/spare-build.ts): until the write ends, a reader would see old and new bytes.
 */
export async function overwriteFile(file: string, content: string | Uint8Array): Promise<void> {
  let fd: number;
  try {
    fd = await open(file, constants.O_WRONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return writeFile(file, content);
  }
  try {
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    let at = 0;
    while (at < bytes.length) at += (await write(fd, bytes, at, bytes.length - at, at)).bytesWritten;
    await ftruncate(fd, bytes.length);
  } finally {
    await close(fd);
  }
}
