// Adds the reader's own local time beside each time the page shows in the NOC zone and UTC.
// The page is complete without it; it runs only where the reader's zone is neither of those.
(() => {
  const nocZone = document.documentElement.dataset.nocZone;
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!readerZone || readerZone === nocZone || readerZone === "UTC" || readerZone === "Etc/UTC") return;
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  for (const time of document.querySelectorAll("time[datetime]")) {
    if (!time.querySelector(".utc")) continue;
    const instant = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(instant.getTime())) continue;
    const local = document.createElement("span");
    local.className = "reader-time";
    local.textContent = ` · your time: ${format.format(instant)}`;
    time.append(local);
  }
})();
