// Article reader: the cleaned text with every annotation highlighted from its character offsets.
// Segments are built from offsets and inserted as text nodes; click/hover shows codes and evidence.
import { get } from "../api.js";
import { clear, el, fmtDate, fmtNum, route, safeHref } from "../dom.js";
import { t } from "../i18n.js";

const KINDS = ["entity", "place", "quote", "amount", "time", "event"];

function entityName(article, id) {
  const ent = (article.entities || []).find((e) => e.id === id);
  return ent ? ent.name : id;
}

function flags(ev) {
  return ["negated", "hypothetical", "future", "reported"].filter((f) => ev[f])
    .map((f) => el("span", { class: "flag flag-" + f }, t("flag." + f)));
}

function dl(pairs) {
  return el("dl", { class: "kv" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
}

function collect(article) {
  const anns = [];
  const add = (kind, start, end, extra) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start || end > article.text.length) return;
    anns.push({ kind, start, end, ...extra });
  };
  for (const ent of article.entities || []) {
    for (const m of ent.mentions || []) {
      add("entity", m.start, m.end, {
        cls: "t-" + ent.type,
        title: [ent.name, ent.type, ent.actor_code].filter(Boolean).join(" · "),
        detail: () => [
          el("a", { href: route("entity/" + encodeURIComponent(ent.id)) }, ent.name),
          dl([["id", ent.id], [t("col.type"), ent.type], ["CAMEO", ent.actor_code], ["country", ent.country],
            ["role", ent.role], ["via", m.via], ["KB", ent.kb_id]]),
        ],
      });
    }
  }
  for (const loc of article.locations || []) {
    for (const m of loc.mentions || []) {
      add("place", m.start, m.end, {
        title: [loc.name, loc.country, loc.feature].filter(Boolean).join(" · "),
        detail: () => [el("strong", null, loc.name), dl([["id", loc.id], ["feature", loc.feature_code || loc.feature],
          ["country", loc.country], ["lat/lon", loc.lat !== null && loc.lat !== undefined ? `${fmtNum(loc.lat, 2)}, ${fmtNum(loc.lon, 2)}` : null],
          ["GeoNames", loc.geonameid]])],
      });
    }
  }
  for (const q of article.quotes || []) {
    const speaker = q.speaker ? entityName(article, q.speaker) : (q.speaker_text || t("unknown"));
    add("quote", q.start, q.end, {
      speaker,
      title: `${t("speaker")}: ${speaker} (${q.kind})`,
      detail: () => [el("strong", null, t("speaker") + ": ",
        q.speaker ? el("a", { href: route("entity/" + encodeURIComponent(q.speaker)) }, speaker) : speaker),
      dl([["kind", q.kind], ["cue", q.cue], ["speaker id", q.speaker]]), el("blockquote", null, q.text)],
    });
  }
  for (const a of article.amounts || []) {
    add("amount", a.start, a.end, {
      title: [a.qualifier !== "exact" ? a.qualifier : null, a.value, a.unit, a.object, a.per && "/ " + a.per].filter(Boolean).join(" "),
      detail: () => [dl([["value", a.value], ["kind", a.kind], ["unit", a.unit], ["object", a.object], ["per", a.per],
        ["qualifier", a.qualifier], ["duration", a.duration], ["count type", a.count_type]])],
    });
  }
  for (const tm of article.times || []) {
    add("time", tm.start, tm.end, {
      title: [tm.value, tm.value_start && `${tm.value_start} – ${tm.value_end}`].filter(Boolean).join(" · "),
      detail: () => [dl([["value", tm.value], ["from", tm.value_start], ["to", tm.value_end],
        ["granularity", tm.granularity], ["kind", tm.kind]])],
    });
  }
  for (const ev of article.events || []) {
    const who = (a) => (a ? (a.entity ? entityName(article, a.entity) : a.text) || a.code || "?" : "?");
    add("event", ev.predicate.start, ev.predicate.end, {
      cls: "q" + ev.quad_class + (ev.negated ? " negated" : "") + (ev.hypothetical ? " hypothetical" : ""),
      title: `${who(ev.source)} → ${ev.cameo} ${ev.plover || ""} → ${who(ev.target)}` +
        (ev.negated ? ` (${t("flag.negated")})` : "") + (ev.hypothetical ? ` (${t("flag.hypothetical")})` : ""),
      detail: () => [
        el("strong", null, `CAMEO ${ev.cameo}`, ev.plover ? ` · PLOVER ${ev.plover}` : ""), " ", flags(ev),
        dl([[t("col.source"), `${who(ev.source)}${ev.source && ev.source.code ? " [" + ev.source.code + "]" : ""}`],
          [t("col.target"), `${who(ev.target)}${ev.target && ev.target.code ? " [" + ev.target.code + "]" : ""}`],
          ["QuadClass", `${ev.quad_class} · ${t("quad." + ev.quad_class)}`], ["Goldstein", ev.goldstein],
          [t("col.place"), ev.location_name], [t("col.date"), ev.date], ["confidence", ev.confidence]]),
        el("blockquote", { class: "evidence" }, ev.evidence.text),
      ],
    });
  }
  return anns;
}

function highlightedText(article, anns, panel) {
  const text = article.text;
  const cuts = new Set([0, text.length]);
  for (const a of anns) { cuts.add(a.start); cuts.add(a.end); }
  const points = [...cuts].sort((x, y) => x - y);
  const body = el("div", { class: "article-text", id: "article-text" });
  const quoteStarts = new Set();
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i], e = points[i + 1];
    const piece = text.slice(s, e);
    const covering = anns.filter((a) => a.start <= s && a.end >= e);
    if (!covering.length) { body.append(document.createTextNode(piece)); continue; }
    const classes = new Set(["seg"]);
    for (const a of covering) { classes.add("ann-" + a.kind); if (a.cls) a.cls.split(" ").forEach((c) => classes.add(c)); }
    const span = el("span", { class: [...classes].join(" "), tabindex: 0, title: covering.map((a) => a.title).join("\n") }, piece);
    const quote = covering.find((a) => a.kind === "quote" && a.start === s && !quoteStarts.has(a));
    if (quote) { quoteStarts.add(quote); span.dataset.speaker = quote.speaker; span.classList.add("quote-start"); }
    const show = () => {
      clear(panel);
      const sorted = covering.slice().sort((a, b) => (a.end - a.start) - (b.end - b.start));
      for (const a of sorted) panel.append(el("div", { class: "detail ann-" + a.kind },
        el("div", { class: "detail-kind" }, t("kind." + a.kind), " · ", el("q", null, text.slice(a.start, a.end))), a.detail()));
    };
    span.addEventListener("click", show);
    span.addEventListener("keydown", (ev) => { if (ev.key === "Enter") show(); });
    body.append(span);
  }
  return body;
}

function legend(container) {
  return el("div", { class: "legend", role: "group", "aria-label": t("article.legend") },
    KINDS.map((k) => {
      const box = el("input", { type: "checkbox", id: "lg-" + k, checked: true });
      box.addEventListener("change", () => container.classList.toggle("hide-" + k, !box.checked));
      return el("label", { class: "legend-item ann-" + k, for: "lg-" + k }, box, t("kind." + k));
    }));
}

function listSection(title, items, render, id) {
  return el("section", { class: "side-list", id },
    el("h3", null, title, " ", el("span", { class: "count" }, items.length)),
    items.length ? el("ul", null, items.map(render)) : el("p", { class: "empty" }, t("none")));
}

export async function render(main, params, id) {
  const data = await get("articles/" + encodeURIComponent(id));
  const a = data.article;
  const panel = el("div", { class: "detail-panel", id: "detail-panel", "aria-live": "polite" },
    el("p", { class: "hint" }, t("article.details")));
  const anns = collect(a);
  const reader = el("article", { class: "reader" });
  const header = el("header", null,
    el("h1", { id: "article-title" }, a.title || a.id),
    el("div", { class: "meta" }, [fmtDate(a.published), a.source, a.author, a.language && a.language.toUpperCase()]
      .filter(Boolean).join(" · "),
    safeHref(a.url || "") ? [" · ", el("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank", class: "original" }, t("article.original"))] : null));
  const text = highlightedText(a, anns, panel);
  const removedList = el("div", { class: "removed", id: "removed", hidden: true },
    (a.removed || []).length
      ? (a.removed || []).map((r) => el("p", { class: "removed-item" }, el("span", { class: "badge" }, r.kind), " ", r.text))
      : el("p", { class: "empty" }, t("article.noRemoved")));
  const toggle = el("button", { type: "button", id: "toggle-removed", "aria-expanded": "false" }, t("article.showRemoved"));
  toggle.addEventListener("click", () => {
    removedList.hidden = !removedList.hidden;
    toggle.setAttribute("aria-expanded", String(!removedList.hidden));
    toggle.textContent = t(removedList.hidden ? "article.showRemoved" : "article.hideRemoved");
  });
  reader.append(header, legend(reader), text, el("div", { class: "removed-box" }, toggle, removedList));

  const who = (x) => (x ? (x.entity ? entityName(a, x.entity) : x.text) || x.code || "?" : "?");
  const side = el("aside", { class: "article-side" }, panel,
    listSection(t("article.entities"), a.entities || [], (e) => el("li", null,
      el("a", { href: route("entity/" + encodeURIComponent(e.id)) }, e.name), " ",
      el("span", { class: "badge t-" + e.type }, e.type), e.actor_code ? el("code", null, e.actor_code) : null,
      el("span", { class: "count" }, (e.mentions || []).length)), "side-entities"),
    listSection(t("article.quotes"), a.quotes || [], (q) => el("li", { class: "quote-item" },
      el("div", { class: "speaker" }, t("speaker"), ": ", q.speaker
        ? el("a", { href: route("entity/" + encodeURIComponent(q.speaker)) }, entityName(a, q.speaker))
        : (q.speaker_text || t("unknown"))), el("q", null, q.text)), "side-quotes"),
    listSection(t("article.events"), a.events || [], (ev) => el("li", { class: "event-item q" + ev.quad_class + (ev.negated ? " negated" : "") + (ev.hypothetical ? " hypothetical" : "") },
      el("span", { class: "ev-actors" }, who(ev.source), " → ", el("code", null, ev.cameo), ev.plover ? " " + ev.plover : "", " → ", who(ev.target)),
      " ", flags(ev), el("div", { class: "evidence" }, ev.evidence.text)), "side-events"),
    listSection(t("article.places"), a.locations || [], (l) => el("li", null, l.name, l.country ? ` (${l.country})` : "",
      el("span", { class: "count" }, (l.mentions || []).length)), "side-places"),
    listSection(t("article.amounts"), a.amounts || [], (m) => el("li", null, m.text), "side-amounts"),
    listSection(t("article.times"), a.times || [], (m) => el("li", null, m.text, m.value ? el("code", null, m.value) : null), "side-times"),
    listSection(t("article.themes"), a.themes || [], (m) => el("li", null, el("a", { href: route("search", { theme: m.code }) }, m.label || m.code),
      el("span", { class: "count" }, fmtNum(m.score, 2))), "side-themes"),
    a.tone ? el("section", { class: "side-list" }, el("h3", null, t("article.tone")),
      dl([["tone", fmtNum(a.tone.tone, 2)], ["+", fmtNum(a.tone.positive, 2)], ["−", fmtNum(a.tone.negative, 2)],
        ["polarity", fmtNum(a.tone.polarity, 2)], ["words", a.tone.word_count]])) : null,
    (data.duplicates || []).length ? listSection(t("article.duplicates"), data.duplicates, (d) => el("li", null,
      el("a", { href: route("article/" + encodeURIComponent(d.id)) }, d.title || d.id), " ", el("span", { class: "meta" }, d.source || "")), "side-dups") : null,
    data.cluster ? el("section", { class: "side-list" }, el("h3", null, t("article.cluster")), el("p", null, data.cluster.label || String(data.cluster.cluster_id))) : null);
  main.append(el("div", { class: "article-layout" }, reader, side));
}
