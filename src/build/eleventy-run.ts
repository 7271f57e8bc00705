import { Worker } from "node:worker_threads";
import type { EleventyAnswer } from "./eleventy-thread.ts";

/**
 * Eleventy's part of a build (copying `public/`), run on a thread of its own
 * (src/build/eleventy-thread.ts) beside the rest. Loading Eleventy is most of its cost (0.3-0.45 s
 * of a thread, its run another 0.07 s), and needs no folder: a build starts the thread before it
 * knows its folder (`startEleventy`), so that Eleventy loads while the build's own modules do, and
 * hands it the folder once it holds one (`into`).
 */
export interface EleventyRun {
  /** the absolute paths Eleventy wrote, once it has; rejects with its failure */
  done: Promise<string[]>;
  /** stops it, for a build that failed elsewhere; resolves when it has stopped */
  stop(): Promise<void>;
}

/**
 * A thread loading Eleventy, waiting for the folder to copy `public/` into. A build that ends
 * before it has a folder need not stop it: until then it keeps no process alive.
 */
export interface EleventyStart {
  /** copies `public/` into `folder` (called once) */
  into(folder: string): EleventyRun;
  /** ends the thread, for a build that keeps `public/` from its spare instead (src/build/public-copy.ts) */
  cancel(): void;
}

export function startEleventy(): EleventyStart {
  const worker = new Worker(new URL("./eleventy-thread.ts", import.meta.url), { stdout: true, stderr: true });
  const done = new Promise<string[]>((resolve, reject) => {
    worker.once("message", (answer: EleventyAnswer) => {
      if (answer.ok) resolve(answer.copied);
      else reject(Object.assign(new Error(`Eleventy: ${answer.message}`), { code: answer.code, path: answer.path }));
    });
    worker.once("error", (error) => reject(new Error(`Eleventy: ${error.message}`, { cause: error })));
    worker.once("exit", (code) => reject(new Error(`Eleventy stopped without an answer (exit ${code})`)));
  });
  done.catch(() => undefined);
  // Until it has a folder it keeps nothing waiting: a build that ends before (--help, a refused
  // output folder) exits as if it had never started it.
  worker.unref();
  return {
    into: (folder) => {
      worker.ref();
      worker.postMessage({ folder });
      return {
        done,
        stop: async () => {
          await worker.terminate();
        },
      };
    },
    cancel: () => {
      void worker.terminate();
    },
  };
}

/** Eleventy's part of a build into `folder`, started now. */
export function runEleventy(folder: string): EleventyRun {
  return startEleventy().into(folder);
}
