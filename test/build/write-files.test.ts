import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFiles } from "../../src/build/write-files.ts";
import { tempFolders } from "../factory.ts";

describe("writeFiles", () => {
  const tempFolder = tempFolders("noc-write-");

  it("writes each file at its site path under the folder, making folders as needed", async () => {
    const dir = await tempFolder();
    await writeFiles(
      [
        { path: "/feed.xml", content: "<feed/>" },
        { path: "/services/dns/feed.json", content: '{"a":"ü"}' },
        { path: "/services/dns/maintenance.ics", content: "BEGIN:VCALENDAR" },
      ],
      dir,
    );
    expect(await readFile(path.join(dir, "feed.xml"), "utf8")).toBe("<feed/>");
    expect(await readFile(path.join(dir, "services/dns/feed.json"), "utf8")).toBe('{"a":"ü"}');
    expect(await readFile(path.join(dir, "services/dns/maintenance.ics"), "utf8")).toBe("BEGIN:VCALENDAR");
  });
});
