// The floor the build is measured against: the same posts through gray-matter and markdown-it to
// one HTML file each, with no framework, no templates and no checks.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import markdownIt from "markdown-it";

const [postsDir, outDir] = process.argv.slice(2);
const md = markdownIt();
await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const files = (await readdir(postsDir)).filter((f) => f.endsWith(".md")).sort();
for (const file of files) {
  const { data, content } = matter(await readFile(path.join(postsDir, file), "utf8"));
  const dir = path.join(outDir, path.basename(file, ".md"));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "index.html"), `<!DOCTYPE html><title>${data.title}</title>${md.render(content)}`);
}
console.log(`${files.length} posts rendered`);
