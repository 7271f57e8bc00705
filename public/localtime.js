// Adds the reader's own time beside each time the page shows in the NOC zone and UTC, in the site's
// locale and the same compact form as UTC there: "04:38 CST", with the day only when it is not the
// NOC's ("30 Nov, 22:38 CST"). Only where it differs: a reader whose clock reads as the NOC's or as
// UTC at that moment gets nothing added. The page is complete without this script.
(() => {
  const root = document.documentElement;
  const nocZone = root.dataset.nocZone;
  const locale = root.dataset.locale || undefined;
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!nocZone || !readerZone) return;

  const cycle = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions().hourCycle;
  const hour = cycle === "h11" || cycle === "h12" ? "numeric" : "2-digit";
  const clock = new Intl.DateTimeFormat(locale, { timeZone: readerZone, hour, minute: "2-digit" });
  const dated = new Intl.DateTimeFormat(locale, {
    timeZone: readerZone,
    day: "numeric",
    month: "short",
    hour,
    minute: "2-digit",
  });
  // Formatters are slow to make and a page has many times: one per locale, zone and style.
  const formatters = new Map();
  const formatter = (locale, options) => {
    const key = JSON.stringify([locale, options]);
    if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale, options));
    return formatters.get(key);
  };
  const day = (zone, instant) =>
    formatter("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  const zoneName = (locale, zone, style, instant) =>
    formatter(locale, { timeZone: zone, timeZoneName: style })
      .formatToParts(instant)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const offset = (zone, instant) => zoneName("en-US", zone, "longOffset", instant);
  // The zone's name in the site's locale, else as English speakers there write it, else the offset.
  const OFFSET_NAME = /[+\-−]\S/;
  const name = (instant) => {
    const names = [locale, "en-US", "en-GB", "en-IN", "en-AU", "en-NZ", "en-ZA"].map((l) =>
      zoneName(l, readerZone, "short", instant),
    );
    return names.find((n) => n && !OFFSET_NAME.test(n)) ?? names[0];
  };

  for (const time of document.querySelectorAll("time[datetime]")) {
    if (!time.querySelector(".utc")) continue;
    const instant = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(instant.getTime())) continue;
    const readerOffset = offset(readerZone, instant);
    if (readerOffset === offset(nocZone, instant) || readerOffset === offset("UTC", instant)) continue;
    const sameDay = day(readerZone, instant) === day(nocZone, instant);
    const local = document.createElement("span");
    local.className = "reader-time";
    local.textContent = ` · your time ${(sameDay ? clock : dated).format(instant)} ${name(instant)}`;
    time.append(local);
  }
})();
