import { Worker } from "node:worker_threads";
import type { EleventyAnswer } from "./eleventy-thread.ts";

/**
 * Eleventy's part of a build (copying `public/`), run on a thread of its own
 * (src/build/eleventy-thread.ts) beside the rest: loading Eleventy takes 0.3-0.45 s and its run
 * another 0.07 s, and the posts need none of it.
 */
export interface EleventyRun {
  /** the absolute paths Eleventy wrote, once it has; rejects with its failure */
  done: Promise<string[]>;
  /** stops it, for a build that failed elsewhere; resolves when it has stopped */
  stop(): Promise<void>;
}

export function runEleventy(folder: string): EleventyRun {
  const worker = new Worker(new URL("./eleventy-thread.ts", import.meta.url), {
    workerData: { folder },
    stdout: true,
    stderr: true,
  });
  const done = new Promise<string[]>((resolve, reject) => {
    worker.once("message", (answer: EleventyAnswer) => {
      if (answer.ok) resolve(answer.copied);
      else reject(Object.assign(new Error(`Eleventy: ${answer.message}`), { code: answer.code, path: answer.path }));
    });
    worker.once("error", (error) => reject(new Error(`Eleventy: ${error.message}`, { cause: error })));
    worker.once("exit", (code) => reject(new Error(`Eleventy stopped without an answer (exit ${code})`)));
  });
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
