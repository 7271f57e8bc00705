import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

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
  const child = spawn("/usr/bin/time", ["-f", "TIME %e %U %S", ...command], {
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
      if (child.pid) peak = Math.max(peak, await treeRss(child.pid));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  sampling = false;
  await sampler;
  if (code !== 0) throw new Error(`${command.join(" ")} failed:\n${output}`);
  const line = output.split("\n").find((l) => l.startsWith("TIME "));
  const [, wall, user, sys] = line?.split(" ").map(Number) ?? [];
  return { wall: wall ?? Number.NaN, cpu: (user ?? 0) + (sys ?? 0), peakMiB: peak / 1024, output };
}

/** Resident memory (KiB) of a process and all its descendants, from /proc. */
async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(pid, ppid);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  for (const pid of parents.keys()) {
    let p: number | undefined = pid;
    while (p !== undefined && p !== root && p > 1) p = parents.get(p);
    if (p !== root) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return total;
}
