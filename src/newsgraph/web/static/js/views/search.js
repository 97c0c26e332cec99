// Search with filters, facets and snippets; without a query: corpus stats and latest articles.
import { get } from "../api.js";
import { append, el, fmtDate, fmtNum, markedText, route } from "../dom.js";
import { t } from "../i18n.js";

const PAGE = 20;
const FILTERS = ["lang", "since", "until", "source", "entity", "theme"];

function go(params) {
  location.hash = route("search", params);
}

function filterForm(params) {
  const input = (name, type = "text") => el("input", {
    id: "f-" + name, name, type, value: params[name] || "", autocomplete: "off",
  });
  const langSel = el("select", { id: "f-lang", name: "lang" },
    el("option", { value: "" }, t("filter.any")),
    el("option", { value: "de", selected: params.lang === "de" }, "Deutsch"),
    el("option", { value: "en", selected: params.lang === "en" }, "English"));
  const form = el("form", { class: "filters", role: "search" },
    el("div", { class: "searchbar" },
      el("input", {
        id: "q", name: "q", type: "search", value: params.q || "", placeholder: t("search.placeholder"),
        "aria-label": t("search.placeholder"), autocomplete: "off",
      }),
      el("button", { type: "submit", class: "primary" }, t("search.button"))),
    el("details", { class: "filter-panel", ...(FILTERS.some((f) => f !== "lang" && params[f]) ? { open: "" } : {}) },
      el("summary", null, t("filters")),
      el("div", { class: "filter-grid" },
        el("label", { for: "f-lang" }, t("filter.lang")), langSel,
        el("label", { for: "f-since" }, t("filter.since")), input("since", "date"),
        el("label", { for: "f-until" }, t("filter.until")), input("until", "date"),
        el("label", { for: "f-source" }, t("filter.source")), input("source"),
        el("label", { for: "f-entity" }, t("filter.entity")), input("entity"),
        el("label", { for: "f-theme" }, t("filter.theme")), input("theme")),
      el("div", { class: "filter-actions" },
        el("button", { type: "submit" }, t("filter.apply")),
        el("button", { type: "button", on: { click: () => go({ q: params.q }) } }, t("filter.reset")))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const [k, v] of data.entries()) if (String(v).trim()) next[k] = String(v).trim();
    go(next);
  });
  return form;
}

function articleItem(item) {
  const meta = [fmtDate(item.published), item.source, item.language && item.language.toUpperCase()]
    .filter(Boolean).join(" · ");
  const snippet = item.snippet
    ? el("p", { class: "snippet" }, item.snippet.prefix ? "… " : "",
      markedText(item.snippet.text, item.snippet.highlights || []), item.snippet.suffix ? " …" : "")
    : null;
  return el("li", { class: "result" },
    el("a", { class: "result-title", href: route("article/" + encodeURIComponent(item.id)) },
      item.title || item.id),
    el("div", { class: "meta" }, meta,
      item.tone !== null && item.tone !== undefined
        ? el("span", { class: "tone " + (item.tone < 0 ? "neg" : "pos") }, " · " + t("article.tone") + " " + fmtNum(item.tone))
        : null),
    snippet);
}

function facetBox(key, values, params) {
  if (!values || !values.length) return null;
  const param = { language: "lang", source: "source", entity: "entity", theme: "theme" }[key];
  return el("section", { class: "facet" },
    el("h3", null, t("facet." + key)),
    el("ul", null, values.map((v) => {
      const label = v.label || v.value || "–";
      const active = param && params[param] === String(v.value);
      const body = [el("span", { class: "facet-label" }, label), el("span", { class: "count" }, v.count)];
      if (!param) return el("li", null, body);
      const next = { ...params, offset: null };
      if (active) delete next[param]; else next[param] = v.value;
      return el("li", null, el("a", { href: route("search", next), class: active ? "active" : null }, body));
    })));
}

function pager(total, params) {
  const offset = +params.offset || 0;
  if (total <= PAGE) return null;
  const prev = offset > 0 ? el("a", { href: route("search", { ...params, offset: Math.max(0, offset - PAGE) }) }, t("page.prev")) : null;
  const next = offset + PAGE < total ? el("a", { href: route("search", { ...params, offset: offset + PAGE }) }, t("page.next")) : null;
  return el("nav", { class: "pager" }, prev,
    el("span", null, t("page.of", { a: offset + 1, b: Math.min(total, offset + PAGE), n: total })), next);
}

export async function render(main, params) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params[f]]));
  append(main, [filterForm(params)]);
  const layout = el("div", { class: "layout" });
  const aside = el("aside", { class: "facets" });
  const results = el("section", { class: "results", "aria-live": "polite" });
  layout.append(aside, results);
  main.append(layout);
  if (params.q) {
    const data = await get("search", { q: params.q, ...filters, limit: PAGE, offset: params.offset || 0 });
    append(results, [el("h2", { id: "result-count" }, t("search.results", { n: data.total })),
      data.items.length ? null : el("p", { class: "empty" }, t("search.none")),
      el("ol", { class: "result-list" }, data.items.map(articleItem)), pager(data.total, params)]);
    append(aside, ["language", "source", "entity", "theme", "month"].map((key) => facetBox(key, data.facets[key], params)));
  } else {
    const [stats, recent] = await Promise.all([
      get("stats"), get("articles", { ...filters, limit: PAGE, offset: params.offset || 0 }),
    ]);
    append(aside, [el("section", { class: "facet stats" }, el("p", null, t("stats", stats)),
      el("p", { class: "meta" }, fmtDate(stats.first_day), " – ", fmtDate(stats.last_day))),
    facetBox("language", Object.entries(stats.languages || {}).map(([value, count]) => ({ value, count })), params),
    facetBox("source", Object.entries(stats.sources_top || {}).map(([value, count]) => ({ value, count })), params)]);
    append(results, [el("h2", null, t("search.recent")),
      el("ol", { class: "result-list" }, recent.items.map(articleItem)), pager(recent.total, params)]);
  }
}
