// Entity list: the most mentioned actors, filterable by name and type.
import { get } from "../api.js";
import { el, route } from "../dom.js";
import { t } from "../i18n.js";

export async function render(main, params) {
  const data = await get("entities", { q: params.q, type: params.type, limit: 100 });
  const input = el("input", { id: "ent-q", name: "q", type: "search", value: params.q || "", placeholder: t("entities.filter"), "aria-label": t("entities.filter") });
  const form = el("form", { class: "searchbar" }, input, el("button", { type: "submit", class: "primary" }, t("search.button")));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = route("entities", { q: input.value.trim() }); });
  main.append(el("h1", null, t("entities.title"), " ", el("span", { class: "count" }, data.total)), form,
    el("div", { class: "table-wrap card" }, el("table", { class: "entities" },
      el("thead", null, el("tr", null, ["col.name", "col.type", "CAMEO", "col.articles", "col.count"].map((k) => el("th", null, t(k))))),
      el("tbody", null, data.items.map((e) => el("tr", null,
        el("td", null, el("a", { href: route("entity/" + encodeURIComponent(e.id)) }, e.name || e.id)),
        el("td", null, el("span", { class: "badge t-" + e.type }, e.type)),
        el("td", null, e.actor_code ? el("code", null, e.actor_code) : ""),
        el("td", { class: "num" }, e.articles), el("td", { class: "num" }, e.mentions)))))));
}
