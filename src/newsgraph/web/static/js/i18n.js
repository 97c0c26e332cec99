// German and English interface strings. Elements with data-i18n="key" are relabelled on switch.

const STRINGS = {
  en: {
    "app.title": "newsgraph", "nav.search": "Search", "nav.events": "Events", "nav.map": "Map",
    "nav.entities": "Entities", "nav.docs": "API",
    "lang.toggle": "Deutsch", "lang.toggle.label": "Switch the interface to German",
    "search.placeholder": "Search articles, e.g. Selenskyj", "search.button": "Search",
    "search.results": "{n} articles", "search.none": "No articles found.",
    "search.recent": "Latest articles", "filters": "Filters", "filter.lang": "Language",
    "filter.any": "any", "filter.since": "From", "filter.until": "To", "filter.source": "Source",
    "filter.entity": "Entity", "filter.theme": "Theme", "filter.apply": "Apply",
    "filter.reset": "Reset", "facet.language": "Language", "facet.source": "Source",
    "facet.entity": "Entities", "facet.theme": "Themes", "facet.month": "Month",
    "page.prev": "Previous", "page.next": "Next", "page.of": "{a}–{b} of {n}",
    "stats": "{articles} articles · {entities} entities · {events} events · {quotes} quotes",
    "article.entities": "Entities", "article.places": "Places", "article.quotes": "Quotes",
    "article.amounts": "Amounts", "article.times": "Time expressions", "article.events": "Events",
    "article.themes": "Themes", "article.tone": "Tone", "article.removed": "Removed text",
    "article.showRemoved": "Show removed boilerplate", "article.hideRemoved": "Hide removed boilerplate",
    "article.noRemoved": "Nothing was removed.", "article.original": "Original",
    "article.duplicates": "Copies elsewhere", "article.cluster": "Story",
    "article.details": "Click a highlight to see its codes and evidence.",
    "article.legend": "Legend", "speaker": "Speaker", "unknown": "unknown",
    "kind.entity": "Entity", "kind.place": "Place", "kind.quote": "Quote", "kind.amount": "Amount",
    "kind.time": "Time", "kind.event": "Event", "evidence": "Evidence", "code": "Code",
    "entity.mentions": "Mentions over time", "entity.tone": "Tone over time",
    "entity.network": "Actor network", "entity.quotesBy": "Quotes by", "entity.quotesAbout": "Quotes about",
    "entity.cooccurring": "Mentioned together with", "entity.asSource": "Events as source",
    "entity.asTarget": "Events as target", "entity.articles": "{n} articles, {m} mentions",
    "entities.title": "Entities", "entities.filter": "Filter by name",
    "events.title": "Events", "events.cameo": "CAMEO root", "events.plover": "PLOVER type",
    "events.quad": "QuadClass", "events.place": "Place", "events.timeline": "Events over time",
    "events.none": "No events.", "col.date": "Date", "col.source": "Source actor",
    "col.event": "Event", "col.target": "Target actor", "col.place": "Place", "col.flags": "Modality",
    "col.evidence": "Evidence", "col.article": "Article", "col.name": "Name", "col.type": "Type",
    "col.count": "Count", "col.articles": "Articles",
    "flag.negated": "negated", "flag.hypothetical": "hypothetical", "flag.future": "future",
    "flag.reported": "reported",
    "quad.1": "Verbal cooperation", "quad.2": "Material cooperation", "quad.3": "Verbal conflict",
    "quad.4": "Material conflict",
    "map.title": "Places", "map.places": "{n} places", "loading": "Loading…",
    "error": "Something went wrong: {msg}", "notfound": "Not found.", "none": "None.",
  },
  de: {
    "app.title": "newsgraph", "nav.search": "Suche", "nav.events": "Ereignisse", "nav.map": "Karte",
    "nav.entities": "Akteure", "nav.docs": "API",
    "lang.toggle": "English", "lang.toggle.label": "Oberfläche auf Englisch umstellen",
    "search.placeholder": "Artikel durchsuchen, z. B. Selenskyj", "search.button": "Suchen",
    "search.results": "{n} Artikel", "search.none": "Keine Artikel gefunden.",
    "search.recent": "Neueste Artikel", "filters": "Filter", "filter.lang": "Sprache",
    "filter.any": "alle", "filter.since": "Von", "filter.until": "Bis", "filter.source": "Quelle",
    "filter.entity": "Akteur", "filter.theme": "Thema", "filter.apply": "Anwenden",
    "filter.reset": "Zurücksetzen", "facet.language": "Sprache", "facet.source": "Quelle",
    "facet.entity": "Akteure", "facet.theme": "Themen", "facet.month": "Monat",
    "page.prev": "Zurück", "page.next": "Weiter", "page.of": "{a}–{b} von {n}",
    "stats": "{articles} Artikel · {entities} Akteure · {events} Ereignisse · {quotes} Zitate",
    "article.entities": "Akteure", "article.places": "Orte", "article.quotes": "Zitate",
    "article.amounts": "Mengenangaben", "article.times": "Zeitausdrücke", "article.events": "Ereignisse",
    "article.themes": "Themen", "article.tone": "Tonalität", "article.removed": "Entfernter Text",
    "article.showRemoved": "Entfernte Textbausteine zeigen", "article.hideRemoved": "Entfernte Textbausteine ausblenden",
    "article.noRemoved": "Nichts wurde entfernt.", "article.original": "Original",
    "article.duplicates": "Kopien anderswo", "article.cluster": "Geschichte",
    "article.details": "Klicken Sie auf eine Markierung, um Codes und Belege zu sehen.",
    "article.legend": "Legende", "speaker": "Sprecher", "unknown": "unbekannt",
    "kind.entity": "Akteur", "kind.place": "Ort", "kind.quote": "Zitat", "kind.amount": "Menge",
    "kind.time": "Zeit", "kind.event": "Ereignis", "evidence": "Beleg", "code": "Code",
    "entity.mentions": "Erwähnungen im Zeitverlauf", "entity.tone": "Tonalität im Zeitverlauf",
    "entity.network": "Akteursnetz", "entity.quotesBy": "Zitate von", "entity.quotesAbout": "Zitate über",
    "entity.cooccurring": "Gemeinsam erwähnt mit", "entity.asSource": "Ereignisse als Urheber",
    "entity.asTarget": "Ereignisse als Ziel", "entity.articles": "{n} Artikel, {m} Erwähnungen",
    "entities.title": "Akteure", "entities.filter": "Nach Namen filtern",
    "events.title": "Ereignisse", "events.cameo": "CAMEO-Wurzel", "events.plover": "PLOVER-Typ",
    "events.quad": "QuadClass", "events.place": "Ort", "events.timeline": "Ereignisse im Zeitverlauf",
    "events.none": "Keine Ereignisse.", "col.date": "Datum", "col.source": "Urheber",
    "col.event": "Ereignis", "col.target": "Ziel", "col.place": "Ort", "col.flags": "Modalität",
    "col.evidence": "Beleg", "col.article": "Artikel", "col.name": "Name", "col.type": "Typ",
    "col.count": "Anzahl", "col.articles": "Artikel",
    "flag.negated": "verneint", "flag.hypothetical": "hypothetisch", "flag.future": "künftig",
    "flag.reported": "berichtet",
    "quad.1": "Verbale Kooperation", "quad.2": "Materielle Kooperation", "quad.3": "Verbaler Konflikt",
    "quad.4": "Materieller Konflikt",
    "map.title": "Orte", "map.places": "{n} Orte", "loading": "Wird geladen …",
    "error": "Fehler: {msg}", "notfound": "Nicht gefunden.", "none": "Keine.",
  },
};

let current = localStorage.getItem("newsgraph.lang") ||
  ((navigator.language || "en").toLowerCase().startsWith("de") ? "de" : "en");

export function lang() {
  return current;
}

export function setLang(code) {
  current = STRINGS[code] ? code : "en";
  localStorage.setItem("newsgraph.lang", current);
  document.documentElement.lang = current;
  applyStatic();
}

export function t(key, vars) {
  let s = (STRINGS[current] && STRINGS[current][key]) || STRINGS.en[key] || key;
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
