// Map of places with counts on offline world boundaries (world-atlas, Natural Earth 1:110m).
import { get } from "../api.js";
import { worldMap } from "../charts.js";
import { el, route } from "../dom.js";
import { t } from "../i18n.js";

export async function render(main, params) {
  const geo = await get("places", { since: params.since, until: params.until, lang: params.lang, limit: 500 });
  const box = el("div", { class: "chart-box map-box", id: "map" });
  const rows = geo.features.map((f) => ({ ...f.properties, id: f.id }));
  main.append(el("h1", null, t("map.title"), " ", el("span", { class: "count" }, t("map.places", { n: rows.length }))),
    el("div", { class: "map-layout" }, el("section", { class: "card" }, box),
      el("section", { class: "card place-list" }, el("div", { class: "table-wrap" }, el("table", null,
        el("thead", null, el("tr", null, el("th", null, t("col.name")), el("th", null, "ISO"), el("th", null, t("col.articles")))),
        el("tbody", null, rows.slice(0, 100).map((p) => el("tr", null,
          el("td", null, el("a", { href: route("events", { place: p.id }) }, p.name)),
          el("td", null, p.country || ""), el("td", { class: "num" }, p.articles)))))))));
  await worldMap(box, geo, {
    label: t("map.title"),
    onClick: (f) => { location.hash = route("events", { place: f.id }); },
  });
}
