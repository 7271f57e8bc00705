// Search over the Pagefind index built with the site. Results show kind, date and services.
(() => {
  const form = document.querySelector("form[data-pagefind]");
  if (!form) return;
  const base = form.dataset.pagefind;
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  let pagefind;

  async function engine() {
    if (!pagefind) {
      const baseUrl = base.replace(/pagefind\/$/, "");
      pagefind = await import(`${base}pagefind.js`);
      await pagefind.options({ baseUrl });
      // A big site's index is written in parts (src/search-index.ts); results come from all of them.
      for (const part of (form.dataset.pagefindMerge ?? "").split(" ").filter(Boolean)) {
        await pagefind.mergeIndex(part, { baseUrl });
      }
    }
    return pagefind;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "post-item";
    const title = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    title.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [data.meta.kind, data.meta.date, data.meta.services].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    // Pagefind escapes the excerpt and marks the matches with <mark>.
    excerpt.innerHTML = data.excerpt;
    li.append(title, meta, excerpt);
    return li;
  }

  async function run(query) {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const search = await (await engine()).search(query);
    const results = await Promise.all(search.results.slice(0, 25).map((r) => r.data()));
    status.textContent = `${search.results.length} ${search.results.length === 1 ? "result" : "results"} for “${query}”`;
    list.append(...results.map(item));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value;
    history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
    run(query);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
