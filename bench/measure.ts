import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * Runs a command under GNU time (wall and CPU time, its own and its children's) while sampling
 * the resident memory of the whole process tree every 50 ms: a build runs Pagefind beside Node,
 * so its peak is the two together, not the larger one (which is what GNU time reports).
 */
export interface Measure {
  wall: number;
  cpu: number;
  peakMiB: number;
  output: string;
}

export async function measure(command: string[], env: Record<string, string> = {}): Promise<Measure> {
  const child = spawn("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...command], {
    env: { ...process.env, NOC_NOW: "", NOC_POSTS: "", NOC_DRAFTS: "", NOC_SKIP_SEARCH: "", ...env },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (child.pid) peak = Math.max(peak, treeRss(child.pid));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  sampling = false;
  await sampler;
  if (code !== 0) throw new Error(`${command.join(" ")} failed:\n${output}`);
  const line = output.split("\n").find((l) => l.startsWith("TIME "));
  const [, wall, user, sys, largest] = line?.split(" ").map(Number) ?? [];
  // A command that ends before the first sample (Hugo on an empty site, in 40 ms) still has the
  // peak of its largest process, as GNU time gives it.
  peak = Math.max(peak, largest ?? 0);
  return { wall: wall ?? Number.NaN, cpu: (user ?? 0) + (sys ?? 0), peakMiB: peak / 1024, output };
}

/**
 * Resident memory (KiB) of a process and all its descendants, from /proc: each process's children
 * as its threads list them, not a scan of every process's parent. Scanning all of /proc every
 * 50 ms took about a quarter of a core on this machine's 2 cores, beside the builds it measured;
 * this takes about 1% (bench/README.md, 2026-12-02, evening).
 */
function treeRss(root: number): number {
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ")) {
          if (child) queue.push(Number(child));
        }
      }
    } catch {
      // the process or one of its threads ended meanwhile
    }
  }
  return total;
}
