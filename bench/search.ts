import { mkdir, rm } from "node:fs/promises";
import { loadSite } from "../src/build/load-site.ts";
import { buildOptions } from "../src/build/options.ts";
import { indexSite, searchPlan } from "../src/views/search-index.ts";

/**
 * Search indexing on its own, for the bench: reads the posts into the site model (as a build does
 * before it starts Pagefind) and builds the index into `out`, in the parts a build would write.
 * `node bench/search.ts POSTS OUT NOW`
 */
const [posts, out, now] = process.argv.slice(2);
if (!posts || !out) throw new Error("usage: bench/search.ts POSTS OUT [NOW]");
const options = buildOptions({ posts, now });
const { site } = await loadSite(options);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const started = performance.now();
const plan = searchPlan(site, options.searchPartSize);
const { parts } = await indexSite(site, plan, out);
console.log(
  `indexed ${site.posts.length} posts in ${parts} parts in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
