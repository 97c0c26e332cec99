// SVG charts drawn with the vendored d3 (global `d3`) and topojson-client (global `topojson`).
// Labels are set with .text(); styles with CSS classes (the CSP forbids style attributes).

const QUAD_CLASS = { 1: "q1", 2: "q2", 3: "q3", 4: "q4" };

function frame(container, height, margin) {
  const width = Math.max(280, container.clientWidth || 600);
  const svg = d3.select(container).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("class", "chart")
    .attr("role", "img");
  return { svg, width, height, inner: { w: width - margin.left - margin.right, h: height - margin.top - margin.bottom } };
}

function parseDay(d) {
  return d3.utcParse("%Y-%m-%d")(String(d).slice(0, 10));
}

/** Bars per day: data [{day, value}] → SVG. */
export function barChart(container, data, { label = "", height = 180, cls = "bar" } = {}) {
  const margin = { top: 10, right: 12, bottom: 26, left: 36 };
  const { svg, inner } = frame(container, height, margin);
  svg.attr("aria-label", label);
  const rows = data.filter((d) => d.day).map((d) => ({ day: parseDay(d.day), value: +d.value || 0 }));
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  if (!rows.length) return svg.node();
  const [lo, hi] = d3.extent(rows, (d) => d.day);
  const x = d3.scaleUtc().domain([d3.utcDay.offset(lo, -1), d3.utcDay.offset(hi, 1)]).range([0, inner.w]);
  const y = d3.scaleLinear().domain([0, d3.max(rows, (d) => d.value) || 1]).nice().range([inner.h, 0]);
  const span = Math.max(1, d3.utcDay.count(lo, hi) + 2);
  const bw = Math.max(2, Math.min(28, inner.w / span - 2));
  g.append("g").attr("class", "axis").attr("transform", `translate(0,${inner.h})`)
    .call(d3.axisBottom(x).ticks(Math.min(6, span)).tickSizeOuter(0));
  g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("~d")));
  g.selectAll("rect").data(rows).join("rect")
    .attr("class", cls)
    .attr("x", (d) => x(d.day) - bw / 2).attr("width", bw)
    .attr("y", (d) => y(d.value)).attr("height", (d) => inner.h - y(d.value))
    .append("title").text((d) => `${d3.utcFormat("%Y-%m-%d")(d.day)}: ${d.value}`);
  return svg.node();
}

/** Stacked bars per day by QuadClass: data [{day, quad_class, count}]. */
export function quadTimeline(container, data, { label = "", height = 180, quadLabel = (q) => q } = {}) {
  const margin = { top: 10, right: 12, bottom: 26, left: 36 };
  const { svg, inner } = frame(container, height, margin);
  svg.attr("aria-label", label);
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  const byDay = d3.rollup(data.filter((d) => d.day), (v) => v, (d) => String(d.day).slice(0, 10));
  const rows = [...byDay].map(([day, v]) => {
    const row = { day: parseDay(day), 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const d of v) row[d.quad_class] = (row[d.quad_class] || 0) + d.count;
    return row;
  }).sort((a, b) => a.day - b.day);
  if (!rows.length) return svg.node();
  const stack = d3.stack().keys([1, 2, 3, 4])(rows);
  const [lo, hi] = d3.extent(rows, (d) => d.day);
  const x = d3.scaleUtc().domain([d3.utcDay.offset(lo, -1), d3.utcDay.offset(hi, 1)]).range([0, inner.w]);
  const y = d3.scaleLinear().domain([0, d3.max(stack[3], (d) => d[1]) || 1]).nice().range([inner.h, 0]);
  const span = Math.max(1, d3.utcDay.count(lo, hi) + 2);
  const bw = Math.max(2, Math.min(28, inner.w / span - 2));
  g.append("g").attr("class", "axis").attr("transform", `translate(0,${inner.h})`)
    .call(d3.axisBottom(x).ticks(Math.min(6, span)).tickSizeOuter(0));
  g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("~d")));
  g.selectAll("g.layer").data(stack).join("g").attr("class", (s) => "layer " + QUAD_CLASS[s.key])
    .selectAll("rect").data((s) => s.map((d) => ({ d, key: s.key }))).join("rect")
    .attr("x", (p) => x(p.d.data.day) - bw / 2).attr("width", bw)
    .attr("y", (p) => y(p.d[1])).attr("height", (p) => Math.max(0, y(p.d[0]) - y(p.d[1])))
    .append("title").text((p) => `${d3.utcFormat("%Y-%m-%d")(p.d.data.day)} · ${quadLabel(p.key)}: ${p.d[1] - p.d[0]}`);
  return svg.node();
}

/** A line (with dots) per day: data [{day, value}], values may be null (gaps). */
export function lineChart(container, data, { label = "", height = 160, zero = true } = {}) {
  const margin = { top: 10, right: 12, bottom: 26, left: 36 };
  const { svg, inner } = frame(container, height, margin);
  svg.attr("aria-label", label);
  const rows = data.filter((d) => d.day && d.value !== null && d.value !== undefined)
    .map((d) => ({ day: parseDay(d.day), value: +d.value }));
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  if (!rows.length) return svg.node();
  const [lo, hi] = d3.extent(rows, (d) => d.day);
  const x = d3.scaleUtc().domain([d3.utcDay.offset(lo, -1), d3.utcDay.offset(hi, 1)]).range([0, inner.w]);
  const ext = d3.extent(rows, (d) => d.value);
  const y = d3.scaleLinear().domain([Math.min(ext[0], zero ? 0 : ext[0]) - 0.5, Math.max(ext[1], zero ? 0 : ext[1]) + 0.5])
    .nice().range([inner.h, 0]);
  g.append("g").attr("class", "axis").attr("transform", `translate(0,${inner.h})`)
    .call(d3.axisBottom(x).ticks(5).tickSizeOuter(0));
  g.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(4));
  if (zero) g.append("line").attr("class", "zero").attr("x1", 0).attr("x2", inner.w).attr("y1", y(0)).attr("y2", y(0));
  g.append("path").datum(rows).attr("class", "line")
    .attr("d", d3.line().x((d) => x(d.day)).y((d) => y(d.value)));
  g.selectAll("circle").data(rows).join("circle").attr("class", "dot")
    .attr("cx", (d) => x(d.day)).attr("cy", (d) => y(d.value)).attr("r", 3.5)
    .append("title").text((d) => `${d3.utcFormat("%Y-%m-%d")(d.day)}: ${d.value.toFixed(2)}`);
  return svg.node();
}

/** Force-directed actor graph: nodes [{id, name, type}], edges [{source, target, weight, quad_class}]. */
export function networkGraph(container, net, { center = null, height = 360, onClick = null, label = "" } = {}) {
  const { svg, width } = frame(container, height, { top: 0, right: 0, bottom: 0, left: 0 });
  svg.attr("aria-label", label).classed("network", true);
  const nodes = net.nodes.map((n) => ({ ...n }));
  const ids = new Set(nodes.map((n) => n.id));
  const links = net.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e }));
  if (!nodes.length) return svg.node();
  const deg = d3.rollup(links.flatMap((l) => [l.source, l.target]), (v) => v.length, (d) => d);
  const r = (n) => (n.id === center ? 11 : 5 + Math.min(8, 2 * Math.sqrt(deg.get(n.id) || 1)));
  svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8")
    .attr("refX", 14).attr("refY", 0).attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("class", "arrowhead");
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(90))
    .force("charge", d3.forceManyBody().strength(-220))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide(22))
    .stop();
  for (let i = 0; i < 200; i++) sim.tick();  // static layout: deterministic enough, no animation
  const pad = 20;
  for (const n of nodes) {
    n.x = Math.max(pad, Math.min(width - pad, n.x));
    n.y = Math.max(pad, Math.min(height - pad, n.y));
  }
  svg.append("g").selectAll("line").data(links).join("line")
    .attr("class", (l) => "edge " + (QUAD_CLASS[l.quad_class] || "q0"))
    .attr("stroke-width", (l) => 1 + Math.min(5, Math.sqrt(l.weight || 1)))
    .attr("marker-end", (l) => (l.quad_class ? "url(#arrow)" : null))
    .attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
    .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y)
    .append("title").text((l) => `${l.source.name || l.source.id} → ${l.target.name || l.target.id}: ${l.weight}`);
  const node = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", (n) => "node" + (n.id === center ? " center" : "") + " t-" + (n.type || "X"))
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .attr("tabindex", 0);
  node.append("circle").attr("r", r);
  node.append("text").attr("x", 0).attr("y", (n) => -r(n) - 4).attr("text-anchor", "middle")
    .text((n) => n.name || n.id);
  node.append("title").text((n) => `${n.name || n.id} (${n.id})${n.actor_code ? " · " + n.actor_code : ""}`);
  if (onClick) {
    node.on("click", (_, n) => onClick(n));
    node.on("keydown", (ev, n) => { if (ev.key === "Enter") onClick(n); });
  }
  return svg.node();
}

let atlas = null;

/** World map (world-atlas countries-110m) with a circle per place sized by article count. */
export async function worldMap(container, geo, { height = 460, onClick = null, label = "" } = {}) {
  if (!atlas) {
    const response = await fetch("/static/vendor/world-atlas/countries-110m.json");
    atlas = await response.json();
  }
  const { svg, width } = frame(container, height, { top: 0, right: 0, bottom: 0, left: 0 });
  svg.attr("aria-label", label).classed("map", true);
  const countries = topojson.feature(atlas, atlas.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const root = svg.append("g");
  root.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  root.append("path").attr("class", "graticule").attr("d", path(d3.geoGraticule10()));
  root.append("g").selectAll("path").data(countries.features).join("path")
    .attr("class", "country").attr("d", path)
    .append("title").text((f) => (f.properties && f.properties.name) || "");
  root.append("path").attr("class", "borders")
    .attr("d", path(topojson.mesh(atlas, atlas.objects.countries, (a, b) => a !== b)));
  const features = geo.features.filter((f) => f.geometry && f.geometry.coordinates[0] !== null);
  const max = d3.max(features, (f) => f.properties.articles) || 1;
  const radius = d3.scaleSqrt().domain([0, max]).range([0, 18]);
  const dots = root.append("g").selectAll("circle")
    .data(features.slice().sort((a, b) => b.properties.articles - a.properties.articles)).join("circle")
    .attr("class", "place")
    .attr("cx", (f) => projection(f.geometry.coordinates)[0])
    .attr("cy", (f) => projection(f.geometry.coordinates)[1])
    .attr("r", (f) => Math.max(3, radius(f.properties.articles)));
  dots.append("title").text((f) => `${f.properties.name}: ${f.properties.articles}`);
  if (onClick) dots.on("click", (_, f) => onClick(f));
  svg.call(d3.zoom().scaleExtent([1, 12]).on("zoom", (ev) => root.attr("transform", ev.transform)));
  return svg.node();
}
