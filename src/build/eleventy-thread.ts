import { parentPort } from "node:worker_threads";
import Eleventy from "@11ty/eleventy";

/**
 * Eleventy's part of a build, on a thread of its own (started by src/build/eleventy-run.ts): it
 * loads Eleventy, waits for the build's folder, reads `.eleventy.ts` and copies `public/` into the
 * folder, and answers once with the site paths it wrote, or with its failure as plain data (not
 * every field of an Error crosses threads).
 */

export type EleventyAnswer =
  | { ok: true; copied: string[] }
  | { ok: false; message: string; code?: string; path?: string };

let answered = false;
function answer(message: EleventyAnswer): void {
  if (answered) return;
  answered = true;
  parentPort?.postMessage(message);
}

// A copy that fails may leave others failing after Eleventy has given up: the first failure answers.
process.on("unhandledRejection", (reason) => answer(failure(reason)));

const folder = await new Promise<string>((resolve) =>
  parentPort?.once("message", (message: { folder: string }) => resolve(message.folder)),
);

try {
  const eleventy = new Eleventy(undefined, folder, { configPath: ".eleventy.ts", quietMode: true });
  // Eleventy prints the errors it meets, stack traces and all; the build reports them itself.
  eleventy.disableLogger();
  eleventy.errorHandler.once = () => undefined;
  // Eleventy answers with what it copied: `[[{ map: { source: target } }], templates]`.
  const [copies] = (await eleventy.write()) as unknown as [{ map: Record<string, string> }[]];
  answer({ ok: true, copied: copies.flatMap(({ map }) => Object.values(map)) });
} catch (error) {
  answer(failure(error));
}

/** The failure at the root of Eleventy's wrappers (`originalError`, `cause`), as plain data. */
function failure(error: unknown): EleventyAnswer {
  let e = error;
  for (let depth = 0; depth < 20; depth++) {
    const next = (e as { originalError?: unknown } | null)?.originalError ?? (e as { cause?: unknown } | null)?.cause;
    if (!next) break;
    e = next;
  }
  const root = e as NodeJS.ErrnoException;
  return {
    ok: false,
    message: root instanceof Error ? root.message : String(root),
    ...(typeof root?.code === "string" ? { code: root.code } : {}),
    ...(typeof root?.path === "string" ? { path: root.path } : {}),
  };
}
