// DOM helpers. Data from the API is only ever inserted as text nodes or safe attributes
// (never parsed as HTML), no inline handlers, and links only to our own routes or http(s) URLs.

const SAFE_ATTRS = new Set([
  "class", "id", "title", "href", "type", "value", "name", "placeholder", "for", "role",
  "aria-label", "aria-pressed", "aria-expanded", "aria-live", "tabindex", "lang", "min", "max",
  "colspan", "scope", "rel", "target", "autocomplete", "inputmode", "selected", "checked",
  "open", "hidden", "disabled",
]);

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "on") {
        for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      } else if (key === "dataset") {
        for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
      } else if (key === "href") {
        const href = safeHref(value);
        if (href) node.setAttribute("href", href);
      } else if (SAFE_ATTRS.has(key) || key.startsWith("aria-") || key.startsWith("data-")) {
        node.setAttribute(key, value === true ? "" : String(value));
      } else {
        throw new Error("attribute not allowed: " + key);
      }
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Internal routes (#/…) and absolute http(s) URLs only; everything else (javascript:, data:) is dropped. */
export function safeHref(value) {
  const s = String(value).trim();
  if (s.startsWith("#/") || s.startsWith("/")) return s.startsWith("//") ? null : s;
  try {
    const url = new URL(s);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (_) {
    return null;
  }
}

export function route(path, params) {
  const qs = params ? new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")
  ).toString() : "";
  return "#/" + path + (qs ? "?" + qs : "");
}

export function enc(s) {
  return encodeURIComponent(s);
}

export function fmtDate(value) {
  if (!value) return "";
  return String(value).slice(0, 10);
}

export function fmtNum(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toFixed(digits);
}

/** Text with [start, end) highlight ranges rendered as <mark> elements (text nodes only). */
export function markedText(text, ranges, cls = "hit") {
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (s < pos) continue;
    if (s > pos) frag.append(document.createTextNode(text.slice(pos, s)));
    frag.append(el("mark", { class: cls }, text.slice(s, e)));
    pos = e;
  }
  if (pos < text.length) frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}
