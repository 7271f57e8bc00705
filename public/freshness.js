// Keeps a page honest about its age, with no request: a static page is only as current as its
// last build. When the page is older than the site's limit it says so; a maintenance's state moves
// on (scheduled, in progress, completed) as its windows' times pass in the reader's browser. It
// never moves a state back. Without JavaScript the page is as it was built.
(() => {
  const root = document.documentElement;
  const built = Date.parse(root.dataset.builtAt ?? "");
  const limit = Number(root.dataset.staleAfter ?? "15");
  // The words of src/model/status.ts's STATE_LABELS for the states a time can bring.
  const ORDER = ["scheduled", "in_progress", "completed"];
  const LABELS = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed" };

  const age = (minutes) => {
    if (minutes < 120) return `${Math.floor(minutes)} minutes`;
    if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} hours`;
    return `${Math.floor(minutes / 1440)} days`;
  };

  function staleNotice(now) {
    const minutes = (now - built) / 60_000;
    let notice = document.querySelector(".stale-notice");
    if (!(minutes > limit)) {
      notice?.remove();
      return;
    }
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "banner stale-notice";
      notice.setAttribute("role", "status");
      document.querySelector("main")?.prepend(notice);
    }
    notice.textContent = `This page was built ${age(minutes)} ago and may be out of date.`;
  }

  function stateAt(windows, now) {
    if (windows.some(([start, end]) => start <= now && now < end)) return "in_progress";
    if (windows.every(([, end]) => end <= now)) return "completed";
    return "scheduled";
  }

  function flip(now) {
    for (const badge of document.querySelectorAll("[data-windows]")) {
      const windows = badge.dataset.windows
        .split(" ")
        .map((pair) => pair.split("/").map(Date.parse))
        .filter(([start, end]) => !Number.isNaN(start) && !Number.isNaN(end));
      if (windows.length === 0) continue;
      const shown = [...badge.classList].find((c) => c.startsWith("badge-"))?.slice(6);
      const state = stateAt(windows, now);
      if (ORDER.indexOf(state) <= ORDER.indexOf(shown)) continue;
      badge.classList.replace(`badge-${shown}`, `badge-${state}`);
      badge.textContent = LABELS[state];
    }
  }

  function refresh() {
    const now = Date.now();
    if (!Number.isNaN(built)) staleNotice(now);
    flip(now);
  }
  refresh();
  setInterval(refresh, 60_000);
})();
