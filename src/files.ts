import { readFile as readFileCallback, writeFile as writeFileCallback } from "node:fs";
import { promisify } from "node:util";

/**
 * Whole files read and written through Node's callback API rather than fs/promises: a FileHandle
 * per file took 15-25 % more of the main thread (20,000 files on tmpfs), and a build's main thread
 * is the one that renders. Used where a build reads or writes many files.
 */
export const readFile = promisify(readFileCallback);
export const writeFile = promisify(writeFileCallback);
