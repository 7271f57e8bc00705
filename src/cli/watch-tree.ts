import { type Dirent, type FSWatcher, watch } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Watches a folder and every folder under it, one directory watcher each. Node's recursive watch on
 * Linux follows files, not names: once a file is replaced by rename (what `npm run update`, editors
 * and `sed -i` do) or deleted, it no longer sees that name. A directory watcher sees every name
 * that appears, changes or goes. Folders made, moved in or removed later are followed; links to
 * folders are followed once (a loop is not); hidden folders (.git) are left alone.
 */
export interface TreeWatcher {
  close(): void;
}

export function watchTree(root: string, onChange: (file: string) => void): TreeWatcher {
  /** folder as reached → its watcher and real path (a folder reached twice through links is watched once) */
  const watchers = new Map<string, { watcher: FSWatcher; real: string }>();
  const watchingReal = (real: string) => [...watchers.values()].some((w) => w.real === real);
  let closed = false;

  const isFolder = async (dir: string) => {
    try {
      return (await stat(dir)).isDirectory();
    } catch {
      return false;
    }
  };

  const unwatch = (dir: string) => {
    for (const [watched, { watcher }] of watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };

  /** Watches `dir` and the folders under it that are not watched yet. */
  const walk = async (dir: string): Promise<void> => {
    if (closed) return;
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return;
    }
    if (!watchers.has(dir)) {
      if (watchingReal(real)) return;
      try {
        const watcher = watch(dir, (_event, name) => void changed(dir, name));
        watcher.on("error", () => unwatch(dir));
        watchers.set(dir, { watcher, real });
      } catch {
        return; // gone already
      }
    }
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = path.join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(child)))) await walk(child);
    }
  };

  const changed = async (dir: string, name: string | Buffer | null) => {
    if (name === null) {
      // The system dropped events: watch whatever folders are there now, and rebuild.
      onChange(dir);
      return walk(root);
    }
    const file = path.join(dir, String(name));
    onChange(file);
    if (String(name).startsWith(".")) return;
    if (await isFolder(file)) await walk(file);
    else unwatch(file);
  };

  void walk(root);
  return {
    close() {
      closed = true;
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
