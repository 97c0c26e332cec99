// The interface's messages, each with its English and German text side by side (a missing
// translation shows in review). Elements with data-i18n="key" are relabelled on switch.

// message id → its English and German text
const MESSAGES = {
  "app.title": { en: "newsgraph", de: "newsgraph" },
  "nav.search": { en: "Search", de: "Suche" },
  "nav.events": { en: "Events", de: "Ereignisse" },
  "nav.map": { en: "Map", de: "Karte" },
  "nav.entities": { en: "Entities", de: "Akteure" },
  "nav.docs": { en: "API", de: "API" },
  "lang.toggle": { en: "Deutsch", de: "English" },
  "lang.toggle.label": { en: "Switch the interface to German", de: "Oberfläche auf Englisch umstellen" },
  "search.placeholder": { en: "Search articles, e.g. Selenskyj", de: "Artikel durchsuchen, z. B. Selenskyj" },
  "search.button": { en: "Search", de: "Suchen" },
  "search.results": { en: "{n} articles", de: "{n} Artikel" },
  "search.none": { en: "No articles found.", de: "Keine Artikel gefunden." },
  "search.recent": { en: "Latest articles", de: "Neueste Artikel" },
  "filters": { en: "Filters", de: "Filter" },
  "filter.lang": { en: "Language", de: "Sprache" },
  "filter.any": { en: "any", de: "alle" },
  "filter.since": { en: "From", de: "Von" },
  "filter.until": { en: "To", de: "Bis" },
  "filter.source": { en: "Source", de: "Quelle" },
  "filter.entity": { en: "Entity", de: "Akteur" },
  "filter.theme": { en: "Theme", de: "Thema" },
  "filter.apply": { en: "Apply", de: "Anwenden" },
  "filter.reset": { en: "Reset", de: "Zurücksetzen" },
  "facet.language": { en: "Language", de: "Sprache" },
  "facet.source": { en: "Source", de: "Quelle" },
  "facet.entity": { en: "Entities", de: "Akteure" },
  "facet.theme": { en: "Themes", de: "Themen" },
  "facet.month": { en: "Month", de: "Monat" },
  "page.prev": { en: "Previous", de: "Zurück" },
  "page.next": { en: "Next", de: "Weiter" },
  "page.of": { en: "{a}–{b} of {n}", de: "{a}–{b} von {n}" },
  "stats": { en: "{articles} articles · {entities} entities · {events} events · {quotes} quotes", de: "{articles} Artikel · {entities} Akteure · {events} Ereignisse · {quotes} Zitate" },
  "article.entities": { en: "Entities", de: "Akteure" },
  "article.places": { en: "Places", de: "Orte" },
  "article.quotes": { en: "Quotes", de: "Zitate" },
  "article.amounts": { en: "Amounts", de: "Mengenangaben" },
  "article.times": { en: "Time expressions", de: "Zeitausdrücke" },
  "article.events": { en: "Events", de: "Ereignisse" },
  "article.themes": { en: "Themes", de: "Themen" },
  "article.tone": { en: "Tone", de: "Tonalität" },
  "article.removed": { en: "Removed text", de: "Entfernter Text" },
  "article.showRemoved": { en: "Show removed boilerplate", de: "Entfernte Textbausteine zeigen" },
  "article.hideRemoved": { en: "Hide removed boilerplate", de: "Entfernte Textbausteine ausblenden" },
  "article.noRemoved": { en: "Nothing was removed.", de: "Nichts wurde entfernt." },
  "article.original": { en: "Original", de: "Original" },
  "article.duplicates": { en: "Copies elsewhere", de: "Kopien anderswo" },
  "article.cluster": { en: "Story", de: "Geschichte" },
  "article.details": { en: "Click a highlight to see its codes and evidence.", de: "Klicken Sie auf eine Markierung, um Codes und Belege zu sehen." },
  "article.legend": { en: "Legend", de: "Legende" },
  "speaker": { en: "Speaker", de: "Sprecher" },
  "unknown": { en: "unknown", de: "unbekannt" },
  "kind.entity": { en: "Entity", de: "Akteur" },
  "kind.place": { en: "Place", de: "Ort" },
  "kind.quote": { en: "Quote", de: "Zitat" },
  "kind.amount": { en: "Amount", de: "Menge" },
  "kind.time": { en: "Time", de: "Zeit" },
  "kind.event": { en: "Event", de: "Ereignis" },
  "evidence": { en: "Evidence", de: "Beleg" },
  "code": { en: "Code", de: "Code" },
  "entity.mentions": { en: "Mentions over time", de: "Erwähnungen im Zeitverlauf" },
  "entity.tone": { en: "Tone over time", de: "Tonalität im Zeitverlauf" },
  "entity.network": { en: "Actor network", de: "Akteursnetz" },
  "entity.quotesBy": { en: "Quotes by", de: "Zitate von" },
  "entity.quotesAbout": { en: "Quotes about", de: "Zitate über" },
  "entity.cooccurring": { en: "Mentioned together with", de: "Gemeinsam erwähnt mit" },
  "entity.asSource": { en: "Events as source", de: "Ereignisse als Urheber" },
  "entity.asTarget": { en: "Events as target", de: "Ereignisse als Ziel" },
  "entity.articles": { en: "{n} articles, {m} mentions", de: "{n} Artikel, {m} Erwähnungen" },
  "entities.title": { en: "Entities", de: "Akteure" },
  "entities.filter": { en: "Filter by name", de: "Nach Namen filtern" },
  "events.title": { en: "Events", de: "Ereignisse" },
  "events.cameo": { en: "CAMEO root", de: "CAMEO-Wurzel" },
  "events.plover": { en: "PLOVER type", de: "PLOVER-Typ" },
  "events.quad": { en: "QuadClass", de: "QuadClass" },
  "events.place": { en: "Place", de: "Ort" },
  "events.timeline": { en: "Events over time", de: "Ereignisse im Zeitverlauf" },
  "events.none": { en: "No events.", de: "Keine Ereignisse." },
  "col.date": { en: "Date", de: "Datum" },
  "col.source": { en: "Source actor", de: "Urheber" },
  "col.event": { en: "Event", de: "Ereignis" },
  "col.target": { en: "Target actor", de: "Ziel" },
  "col.place": { en: "Place", de: "Ort" },
  "col.flags": { en: "Modality", de: "Modalität" },
  "col.evidence": { en: "Evidence", de: "Beleg" },
  "col.article": { en: "Article", de: "Artikel" },
  "col.name": { en: "Name", de: "Name" },
  "col.type": { en: "Type", de: "Typ" },
  "col.count": { en: "Count", de: "Anzahl" },
  "col.articles": { en: "Articles", de: "Artikel" },
  "flag.negated": { en: "negated", de: "verneint" },
  "flag.hypothetical": { en: "hypothetical", de: "hypothetisch" },
  "flag.future": { en: "future", de: "künftig" },
  "flag.reported": { en: "reported", de: "berichtet" },
  "quad.1": { en: "Verbal cooperation", de: "Verbale Kooperation" },
  "quad.2": { en: "Material cooperation", de: "Materielle Kooperation" },
  "quad.3": { en: "Verbal conflict", de: "Verbaler Konflikt" },
  "quad.4": { en: "Material conflict", de: "Materieller Konflikt" },
  "map.title": { en: "Places", de: "Orte" },
  "map.places": { en: "{n} places", de: "{n} Orte" },
  "loading": { en: "Loading…", de: "Wird geladen …" },
  "error": { en: "Something went wrong: {msg}", de: "Fehler: {msg}" },
  "notfound": { en: "Not found.", de: "Nicht gefunden." },
  "none": { en: "None.", de: "Keine." },
};

const LANGS = ["en", "de"];

let current = localStorage.getItem("newsgraph.lang") ||
  ((navigator.language || "en").toLowerCase().startsWith("de") ? "de" : "en");

export function lang() {
  return current;
}

export function setLang(code) {
  current = LANGS.includes(code) ? code : "en";
  localStorage.setItem("newsgraph.lang", current);
  document.documentElement.lang = current;
  applyStatic();
}

export function t(key, vars) {
  const m = MESSAGES[key];
  let s = (m && (m[current] || m.en)) || key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split("{" + k + "}").join(String(v));
  return s;
}

export function applyStatic(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel));
    node.setAttribute("title", t(node.dataset.i18nLabel));
  }
}
