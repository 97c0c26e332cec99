// Events: table + QuadClass timeline, filterable by CAMEO root, PLOVER type, QuadClass and place.
import { get } from "../api.js";
import { quadTimeline } from "../charts.js";
import { el, fmtDate, route } from "../dom.js";
import { t } from "../i18n.js";

const PAGE = 50;

function actor(name, id, code) {
  const label = name || id || code || "?";
  return [id ? el("a", { href: route("entity/" + encodeURIComponent(id)) }, label) : label,
    code ? [" ", el("code", null, code)] : null];
}

export function eventTable(items) {
  if (!items || !items.length) return el("p", { class: "empty" }, t("events.none"));
  return el("div", { class: "table-wrap" }, el("table", { class: "events" },
    el("thead", null, el("tr", null, ["col.date", "col.source", "col.event", "col.target", "col.place", "col.flags", "col.evidence"]
      .map((k) => el("th", { scope: "col" }, t(k))))),
    el("tbody", null, items.map((e) => el("tr", {
      class: "q" + e.quad_class + (e.negated ? " negated" : "") + (e.hypothetical ? " hypothetical" : ""),
    },
    el("td", null, fmtDate(e.event_date || e.day)),
    el("td", null, actor(e.source_name || e.source_text, e.source_entity, e.source_code)),
    el("td", null, el("code", { title: `QuadClass ${e.quad_class}: ${t("quad." + e.quad_class)} · Goldstein ${e.goldstein}` }, e.cameo),
      e.plover ? " " + e.plover : ""),
    el("td", null, actor(e.target_name || e.target_text, e.target_entity, e.target_code)),
    el("td", null, e.location_name || ""),
    el("td", null, ["negated", "hypothetical", "future", "reported"].filter((f) => e[f])
      .map((f) => el("span", { class: "flag flag-" + f }, t("flag." + f)))),
    el("td", { class: "evidence" },
      el("a", { href: route("article/" + encodeURIComponent(e.article_id)), title: e.title || "" }, e.evidence_text || e.title || "…")))))));
}

function select(name, label, options, value) {
  return [el("label", { for: "ev-" + name }, label),
    el("select", { id: "ev-" + name, name },
      el("option", { value: "" }, t("filter.any")),
      options.map((o) => el("option", { value: o.value, selected: String(o.value) === String(value || "") }, o.label)))];
}

export async function render(main, params) {
  const query = {
    cameo_root: params.cameo_root, plover: params.plover, quad_class: params.quad_class, place: params.place,
    since: params.since, until: params.until, entity: params.entity, actor: params.actor, limit: PAGE, offset: params.offset || 0,
  };
  const data = await get("events", query);
  const facet = (key, fmt) => (data.facets[key] || []).map((f) => ({ value: f.value, label: `${fmt ? fmt(f.value) : f.value} (${f.count})` }));
  const quadOptions = [1, 2, 3, 4].map((q) => ({ value: q, label: `${q} · ${t("quad." + q)}` }));
  const form = el("form", { class: "filters event-filters" },
    el("div", { class: "filter-grid" },
      select("cameo_root", t("events.cameo"), facet("cameo_root"), params.cameo_root),
      select("plover", t("events.plover"), facet("plover"), params.plover),
      select("quad_class", t("events.quad"), quadOptions, params.quad_class),
      el("label", { for: "ev-place" }, t("events.place")),
      el("input", { id: "ev-place", name: "place", value: params.place || "", autocomplete: "off" }),
      params.actor ? el("input", { type: "hidden", name: "actor", value: params.actor }) : null),
    el("div", { class: "filter-actions" },
      el("button", { type: "submit", class: "primary" }, t("filter.apply")),
      el("a", { href: route("events"), class: "button" }, t("filter.reset"))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next[k] = String(v).trim();
    location.hash = route("events", next);
  });
  const chart = el("div", { class: "chart-box", id: "chart-events" });
  main.append(el("h1", null, t("events.title"), " ", el("span", { class: "count" }, data.total)), form,
    el("section", { class: "card" }, el("h2", null, t("events.timeline")), chart,
      el("div", { class: "quad-legend" }, [1, 2, 3, 4].map((q) => el("span", { class: "swatch q" + q }, t("quad." + q))))),
    el("section", { class: "card", id: "events-table" }, eventTable(data.items)));
  quadTimeline(chart, data.timeline, { label: t("events.timeline"), quadLabel: (q) => t("quad." + q) });
  const offset = +params.offset || 0;
  if (data.total > PAGE) {
    main.append(el("nav", { class: "pager" },
      offset > 0 ? el("a", { href: route("events", { ...params, offset: Math.max(0, offset - PAGE) }) }, t("page.prev")) : null,
      el("span", null, t("page.of", { a: offset + 1, b: Math.min(data.total, offset + PAGE), n: data.total })),
      offset + PAGE < data.total ? el("a", { href: route("events", { ...params, offset: offset + PAGE }) }, t("page.next")) : null));
  }
}
