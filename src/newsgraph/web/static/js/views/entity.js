// Entity page: mentions and tone over time, actor network, quotes by/about, events as source/target.
import { get } from "../api.js";
import { barChart, lineChart, networkGraph } from "../charts.js";
import { el, fmtDate, fmtNum, route } from "../dom.js";
import { t } from "../i18n.js";
import { eventTable } from "./events.js";

function quoteList(items, showSpeaker) {
  if (!items.length) return el("p", { class: "empty" }, t("none"));
  return el("ul", { class: "quote-list" }, items.map((q) => el("li", null,
    el("q", null, q.text),
    el("div", { class: "meta" },
      showSpeaker ? [t("speaker"), ": ", q.speaker
        ? el("a", { href: route("entity/" + encodeURIComponent(q.speaker)) }, q.speaker_text || q.speaker)
        : (q.speaker_text || t("unknown")), " · "] : null,
      el("a", { href: route("article/" + encodeURIComponent(q.article_id)) }, q.title || q.article_id),
      q.day ? " · " + fmtDate(q.day) : ""))));
}

function card(title, id, ...body) {
  return el("section", { class: "card" + (id.startsWith("card-ev") ? " wide" : ""), id }, el("h2", null, title), ...body);
}

const MAX_EVENTS = 12;

function eventsCard(title, id, items, entityId) {
  const more = items.length > MAX_EVENTS
    ? el("p", null, el("a", { href: route("events", { actor: entityId }) }, `${t("events.title")} (${items.length}) →`))
    : null;
  return card(title, id, eventTable(items.slice(0, MAX_EVENTS)), more);
}

export async function render(main, params, id) {
  const data = await get("entities/" + encodeURIComponent(id));
  const e = data.entity;
  main.append(el("header", { class: "entity-head" },
    el("h1", { id: "entity-name" }, e.name),
    el("div", { class: "meta" },
      el("span", { class: "badge t-" + e.type }, e.type), " ", el("code", null, e.id),
      e.actor_code ? [" · CAMEO ", el("code", null, e.actor_code)] : null,
      e.country ? " · " + e.country : "", e.role ? " · " + e.role : "",
      " · ", t("entity.articles", { n: e.articles, m: e.mentions })),
    e.names && e.names.length > 1 ? el("div", { class: "meta" }, e.names.join(" · ")) : null));
  const mentionsBox = el("div", { class: "chart-box", id: "chart-mentions" });
  const toneBox = el("div", { class: "chart-box", id: "chart-tone" });
  const netBox = el("div", { class: "chart-box", id: "chart-network" });
  const grid = el("div", { class: "cards" },
    card(t("entity.mentions"), "card-mentions", mentionsBox),
    card(t("entity.tone"), "card-tone", toneBox),
    card(t("entity.network"), "card-network", netBox),
    card(t("entity.cooccurring"), "card-cooc", data.cooccurring.length
      ? el("ul", { class: "chips" }, data.cooccurring.map((c) => el("li", null,
        el("a", { href: route("entity/" + encodeURIComponent(c.id)) }, c.name || c.id),
        el("span", { class: "count" }, c.weight))))
      : el("p", { class: "empty" }, t("none"))),
    card(t("entity.quotesBy") + " " + e.name, "card-quotes-by", quoteList(data.quotes_by, false)),
    card(t("entity.quotesAbout") + " " + e.name, "card-quotes-about", quoteList(data.quotes_about, true)),
    eventsCard(t("entity.asSource"), "card-ev-source", data.events_as_source, e.id),
    eventsCard(t("entity.asTarget"), "card-ev-target", data.events_as_target, e.id));
  main.append(grid);
  // Charts measure their container, so draw after insertion.
  barChart(mentionsBox, data.timeline.map((d) => ({ day: d.day, value: d.mentions })), { label: t("entity.mentions") });
  lineChart(toneBox, data.timeline.map((d) => ({ day: d.day, value: d.entity_tone ?? d.tone })), { label: t("entity.tone") });
  const net = data.network.nodes.length ? data.network : {
    nodes: [{ id: e.id, name: e.name, type: e.type }, ...data.cooccurring.slice(0, 15)],
    edges: data.cooccurring.slice(0, 15).map((c) => ({ source: e.id, target: c.id, weight: c.weight, quad_class: null })),
  };
  if (!net.nodes.some((n) => n.id === e.id)) net.nodes.push({ id: e.id, name: e.name, type: e.type });
  networkGraph(netBox, net, {
    center: e.id, label: t("entity.network"),
    onClick: (n) => { if (n.id !== e.id) location.hash = route("entity/" + encodeURIComponent(n.id)); },
  });
}
