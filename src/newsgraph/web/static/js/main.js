// Hash router for the dashboard: #/search, #/article/<id>, #/entity/<id>, #/entities, #/events, #/map.
import { clear, el } from "./dom.js";
import { applyStatic, lang, setLang, t } from "./i18n.js";
import * as articleView from "./views/article.js";
import * as entitiesView from "./views/entities.js";
import * as entityView from "./views/entity.js";
import * as eventsView from "./views/events.js";
import * as mapView from "./views/map.js";
import * as searchView from "./views/search.js";

const ROUTES = [
  [/^(?:search)?$/, searchView, "search"],
  [/^article\/(.+)$/, articleView, "search"],
  [/^entity\/(.+)$/, entityView, "entities"],
  [/^entities$/, entitiesView, "entities"],
  [/^events$/, eventsView, "events"],
  [/^map$/, mapView, "map"],
];

let renderToken = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?", 2);
  return { path: path || "", params: Object.fromEntries(new URLSearchParams(qs || "")) };
}

async function renderRoute() {
  const token = ++renderToken;
  const main = document.getElementById("view");
  const { path, params } = parseHash();
  const match = ROUTES.map(([re, view, nav]) => [path.match(re), view, nav]).find(([m]) => m);
  for (const a of document.querySelectorAll("nav.main a")) {
    a.classList.toggle("active", !!match && a.dataset.nav === match[2]);
  }
  clear(main);
  main.setAttribute("aria-busy", "true");
  const loading = el("p", { class: "loading" }, t("loading"));
  // The view is in the document while it renders, so charts can measure their width.
  const view = el("div", { class: "view" });
  main.append(loading, view);
  try {
    if (!match) throw Object.assign(new Error(t("notfound")), { status: 404 });
    const id = match[0][1] ? decodeURIComponent(match[0][1]) : undefined;
    await match[1].render(view, params, id);
    if (token !== renderToken) return;
    loading.remove();
  } catch (err) {
    if (token !== renderToken) return;
    clear(main).append(el("p", { class: "error", role: "alert" },
      err.status === 404 ? t("notfound") : t("error", { msg: err.message })));
  } finally {
    if (token === renderToken) {
      main.setAttribute("aria-busy", "false");
      document.body.dataset.ready = String(token);
    }
  }
}

function init() {
  setLang(lang());
  const toggle = document.getElementById("lang-toggle");
  toggle.addEventListener("click", () => {
    setLang(lang() === "de" ? "en" : "de");
    renderRoute();
  });
  window.addEventListener("hashchange", renderRoute);
  applyStatic();
  renderRoute();
}

init();
