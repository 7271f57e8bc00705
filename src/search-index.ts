import path from "node:path";
import * as pagefind from "pagefind";

/**
 * Full-text search: Pagefind indexes the built pages (only post pages carry `data-pagefind-body`)
 * and writes its index and client under `pagefind/` in the site, so search works on any static host.
 */
export async function indexSite(siteDir: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  try {
    if (!index) throw new Error(`search index: ${errors.join("; ")}`);
    // Only post pages are searchable; reading the rest would cost time for nothing.
    const added = await index.addDirectory({ path: siteDir, glob: "posts/**/*.html" });
    if (added.errors.length > 0) throw new Error(`search index: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, "pagefind") });
    if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join("; ")}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
