// Greenlight web map: controls → /api/scenarios/{id}/reach → zones and site colours; clicks → /decide.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { scenario: null, detail: null, dates: [], sites: null, status: "", requestSeq: 0, lastUpdateMs: null };
const COLORS = { in_range: "#fdae61", permitted: "#1a9850", site0: "#9e9e9e", site1: "#d73027", site2: "#1a9850" };
const SITE_COUNT = Number(new URLSearchParams(location.search).get("sites") || 100000);

const map = L.map("map", { zoomAnimation: false, preferCanvas: true }).setView([51, 36], 5);
window.__map = map;
// Panes, bottom to top: borders, zones, sites (each zone layer on its own canvas renderer).
map.createPane("zones").style.zIndex = 420;
map.createPane("sites").style.zIndex = 450;

L.control.scale({ imperial: false }).addTo(map);
const bordersLayer = L.geoJSON(null, { style: { color: "#777", weight: 0.8, fillColor: "#f7f7f2", fillOpacity: 1 }, interactive: false }).addTo(map);
const zoneLayers = {};
const layerControl = L.control.layers(null, null, { collapsed: false }).addTo(map);
layerControl.addOverlay(bordersLayer, "borders (Natural Earth)");

// Web Mercator at zoom 0 (256 px world), computed once per point; a redraw only scales and shifts.
function worldXY(lat, lon) {
  const s = Math.sin(lat * Math.PI / 180);
  return [256 * (lon + 180) / 360, 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))];
}
function viewTransform(m) {
  const scale = Math.pow(2, m.getZoom());
  const origin = m.getPixelBounds().min; // pixel of the container's top-left in world pixels at this zoom
  return { scale, ox: origin.x, oy: origin.y };
}

// Sites drawn on one canvas: 100,000 markers stay fast.
const SitesLayer = L.Layer.extend({
  onAdd(m) {
    this._canvas = L.DomUtil.create("canvas", "sites-canvas");
    this._canvas.style.pointerEvents = "none";
    m.getPane("sites").appendChild(this._canvas);
    m.on("moveend zoomend resize", this.redraw, this);
    this.redraw();
  },
  onRemove(m) { this._canvas.remove(); m.off("moveend zoomend resize", this.redraw, this); },
  redraw() {
    if (!this._map || !state.sites) return;
    const size = this._map.getSize();
    L.DomUtil.setPosition(this._canvas, this._map.containerPointToLayerPoint([0, 0]));
    this._canvas.width = size.x; this._canvas.height = size.y;
    const ctx = this._canvas.getContext("2d");
    const xy = state.sites.xy, st = state.status, n = xy.length / 2;
    const { scale, ox, oy } = viewTransform(this._map);
    // Squares of 2-4 px: as readable as discs at these sizes, and ten times faster to draw.
    const d = this._map.getZoom() >= 7 ? 4 : 2, h = d / 2;
    ctx.globalAlpha = 0.8;
    for (const code of ["0", "1", "2"]) {
      ctx.fillStyle = COLORS["site" + code];
      const c = code.charCodeAt(0);
      for (let i = 0; i < n; i++) {
        if ((st.charCodeAt(i) || 48) !== c) continue;
        const x = xy[2 * i] * scale - ox, y = xy[2 * i + 1] * scale - oy;
        if (x < -5 || y < -5 || x > size.x + 5 || y > size.y + 5) continue;
        ctx.fillRect(x - h, y - h, d, d);
      }
    }
  },
});
const sitesLayer = new SitesLayer().addTo(map);

// Zones (cells measured by the server) on one canvas; each zone can be switched in the layer control.
const zoneVisible = {};
const ZonesLayer = L.Layer.extend({
  onAdd(m) {
    this._canvas = L.DomUtil.create("canvas", "zones-canvas");
    this._canvas.style.pointerEvents = "none";
    m.getPane("zones").appendChild(this._canvas);
    m.on("moveend zoomend resize", this.redraw, this);
    this.redraw();
  },
  onRemove(m) { this._canvas.remove(); m.off("moveend zoomend resize", this.redraw, this); },
  setZones(zones) { this._zones = zones; this.redraw(); },
  redraw() {
    if (!this._map || !this._zones) return;
    const size = this._map.getSize();
    L.DomUtil.setPosition(this._canvas, this._map.containerPointToLayerPoint([0, 0]));
    this._canvas.width = size.x; this._canvas.height = size.y;
    const ctx = this._canvas.getContext("2d");
    const { scale, ox, oy } = viewTransform(this._map);
    for (const z of this._zones) {
      if (!zoneVisible[z.name]) continue;
      ctx.globalAlpha = z.name === "in_range" ? 0.45 : 0.65;
      ctx.fillStyle = z.color;
      const r = z.rects; // x0, y0, x1, y1 in world pixels at zoom 0
      ctx.beginPath();
      for (let i = 0; i < r.length; i += 4) {
        const x0 = r[i] * scale - ox, y0 = r[i + 1] * scale - oy;
        ctx.rect(x0, y0, Math.max(1, r[i + 2] * scale - ox - x0), Math.max(1, r[i + 3] * scale - oy - y0));
      }
      ctx.fill();
    }
  },
});
const zonesLayer = new ZonesLayer().addTo(map);
const ZoneSwitch = L.Layer.extend({
  initialize(name) { this.name = name; },
  onAdd() { zoneVisible[this.name] = true; zonesLayer.redraw(); },
  onRemove() { zoneVisible[this.name] = false; zonesLayer.redraw(); },
});
layerControl.addOverlay(sitesLayer, "synthetic sites (grey: out of range, red: not permitted, green: permitted)");

const legend = L.control({ position: "bottomright" });
legend.onAdd = () => {
  const d = L.DomUtil.create("div", "legend");
  d.innerHTML = `<div><i style="background:${COLORS.in_range}"></i>within range of the launch area</div>
    <div><i style="background:${COLORS.permitted}"></i>permitted by every required state</div>
    <div><i style="background:#2166ac;opacity:.5"></i>permitted by one state (layer per state)</div>
    <div><i style="background:${COLORS.site2};border-radius:7px"></i>site: permitted, in range</div>
    <div><i style="background:${COLORS.site1};border-radius:7px"></i>site: in range, not permitted</div>
    <div><i style="background:${COLORS.site0};border-radius:7px"></i>site: out of range</div>`;
  return d;
};
legend.addTo(map);

async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? `${body.error.message}${body.error.field ? " (" + body.error.field + ")" : ""}` : r.statusText);
  return body;
}
const fmt = (x) => Math.round(x).toLocaleString("en-US");

function currentQuery() {
  return { item: $("item").value, date: state.dates[Number($("date").value)], variant: $("variant").value || null,
           category: $("category").value || "military", within: $("within").value || null };
}

async function loadScenario(id) {
  state.scenario = id;
  state.detail = await api(`/api/scenarios/${id}`);
  const items = state.detail.items.filter((i) => i.range_km);
  $("item").innerHTML = items.map((i) => `<option value="${i.id}">${i.name} (${i.range_km} km)</option>`).join("");
  $("variant").innerHTML = `<option value="">as written</option>` + state.detail.variants.map((v) => `<option value="${v.name}" title="${v.description || ""}">${v.name}</option>`).join("");
  const areas = ["", ...state.detail.areas.filter((a) => a === a.toUpperCase() && a.length === 2)];
  $("within").innerHTML = areas.map((a) => `<option value="${a}">${a || "everything in range"}</option>`).join("");
  if (areas.includes("RU")) $("within").value = "RU";
  state.dates = state.detail.dates;
  $("date").max = state.dates.length - 1;
  const start = state.dates.indexOf("2024-09-12") >= 0 ? state.dates.indexOf("2024-09-12") : state.dates.length - 1;
  $("date").value = start;
  const borders = await api(`/api/borders?view=${state.detail.view}`);
  bordersLayer.clearLayers(); bordersLayer.addData(borders);
  await loadSites();
  await update();
}

async function loadSites() {
  const q = currentQuery();
  state.sites = await api(`/api/scenarios/${state.scenario}/sites?item=${q.item}&count=${SITE_COUNT}&seed=1${q.within ? "&within=" + q.within : ""}`);
  const xy = new Float64Array(state.sites.points.length * 2);
  state.sites.points.forEach((p, i) => { const w = worldXY(p[0], p[1]); xy[2 * i] = w[0]; xy[2 * i + 1] = w[1]; });
  state.sites.xy = xy;
  state.status = "";
}

async function update() {
  const seq = ++state.requestSeq;
  const t0 = performance.now();
  const q = currentQuery();
  $("date-label").textContent = q.date;
  const body = { ...q, sites: { count: state.sites.points.length, seed: 1 }, resolution_km: 8 };
  let answer;
  try { answer = await api(`/api/scenarios/${state.scenario}/reach`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }); }
  catch (e) { $("update-ms").textContent = "error: " + e.message; return; }
  if (seq !== state.requestSeq) return; // a newer change is on its way
  const tFetched = performance.now();
  const r = answer.report;
  const zones = [];
  for (const f of answer.zones.features) {
    const name = f.properties.layer;
    const color = name === "in_range" ? COLORS.in_range : name === "permitted" ? COLORS.permitted : "#2166ac";
    const polys = f.geometry.coordinates, rects = new Float64Array(polys.length * 4);
    polys.forEach((poly, i) => {
      const ring = poly[0], a = worldXY(ring[2][1], ring[0][0]), b = worldXY(ring[0][1], ring[2][0]); // NW, SE corners
      rects.set([a[0], a[1], b[0], b[1]], 4 * i);
    });
    zones.push({ name, color, rects });
    if (!zoneLayers[name]) {
      zoneLayers[name] = new ZoneSwitch(name);
      layerControl.addOverlay(zoneLayers[name], name.replace(/_/g, " "));
      if (!name.startsWith("permitted_by_")) map.addLayer(zoneLayers[name]);
    }
  }
  for (const name of Object.keys(zoneLayers)) {
    if (!zones.some((z) => z.name === name)) { layerControl.removeLayer(zoneLayers[name]); map.removeLayer(zoneLayers[name]); delete zoneLayers[name]; }
  }
  zonesLayer.setZones(zones);
  state.status = answer.site_status || "";
  sitesLayer.redraw();
  $("in-range").textContent = `${fmt(r.in_range_km2)} km²`;
  $("permitted").textContent = `${fmt(r.permitted_km2)} km²`;
  $("share").textContent = `${(100 * r.share_permitted).toFixed(1)}%`;
  $("required").textContent = r.required.join(", ") || "nobody";
  $("by-authority").textContent = Object.entries(r.by_authority).map(([k, v]) => `${k}: ${fmt(v)} km²`).join("; ") || "–";
  $("sites-in-range").textContent = r.sites ? fmt(r.sites.in_range) : "–";
  $("sites-permitted").textContent = r.sites ? fmt(r.sites.permitted_in_range) : "–";
  $("error-bound").textContent = `±${fmt(r.area_error_km2)} km²`;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  state.lastUpdateMs = performance.now() - t0;
  state.timing = { fetch_ms: tFetched - t0, render_ms: performance.now() - tFetched, server_ms: answer.milliseconds };
  $("update-ms").textContent = state.lastUpdateMs.toFixed(0);
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  if (state.lastTarget) decideAt(state.lastTarget.latlng, state.lastTarget.category);
}

async function decideAt(latlng, category) {
  state.lastTarget = { latlng, category };
  const q = currentQuery();
  const recipient = (state.detail.items.find((i) => i.id === q.item) || {}).recipients?.[0] || "UA";
  try {
    const d = await api(`/api/scenarios/${state.scenario}/decide`, { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ recipient, item: q.item, use: "strike", date: q.date, variant: q.variant,
                             target: { lat: latlng.lat, lon: latlng.lng, category: category || q.category } }) });
    const lines = d.authorities.map((a) => `<li><b>${a.state}</b> (${a.name}): ${a.verdict}<br><small>required as ${a.required_because.join("; ")}</small><br>${a.explanation}</li>`);
    $("decision-text").innerHTML = `<p>${latlng.lat.toFixed(3)}, ${latlng.lng.toFixed(3)} · ${category || q.category} · ${q.date}${q.variant ? " · " + q.variant : ""}</p>
      <p class="verdict-${d.decision}">${d.decision.toUpperCase()}${d.reason ? " (" + d.reason + ")" : ""}</p>
      <p>required: ${d.required.join(", ") || "nobody"}${d.missing.length ? " · missing: " + d.missing.join(", ") : ""}</p><ul>${lines.join("")}</ul>
      ${d.notes.map((n) => `<p class="small">${n}</p>`).join("")}`;
  } catch (e) { $("decision-text").textContent = e.message; }
}

map.on("click", (e) => {
  // A click within 6 px of a site decides that site (with its category); elsewhere, the point clicked.
  let best = null, bestD = 36;
  if (state.sites) {
    const c = map.latLngToContainerPoint(e.latlng);
    const { scale, ox, oy } = viewTransform(map), xy = state.sites.xy;
    for (let i = 0; i < xy.length / 2; i++) {
      const d = (xy[2 * i] * scale - ox - c.x) ** 2 + (xy[2 * i + 1] * scale - oy - c.y) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    }
  }
  if (best !== null) decideAt(L.latLng(state.sites.points[best]), state.sites.categories[best]);
  else decideAt(e.latlng, null);
});

for (const id of ["item", "variant", "category", "within"]) $(id).addEventListener("change", async () => {
  if (id === "item" || id === "within") await loadSites();
  update();
});
$("date").addEventListener("input", () => { $("date-label").textContent = state.dates[Number($("date").value)]; });
$("date").addEventListener("change", update);
$("scenario").addEventListener("change", () => loadScenario($("scenario").value));

(async () => {
  const list = await api("/api/scenarios");
  $("scenario").innerHTML = list.map((s) => `<option value="${s.id}">${s.name} (v${s.version})</option>`).join("");
  if (list.length) await loadScenario(list[0].id);
  window.greenlight = state;
})();
