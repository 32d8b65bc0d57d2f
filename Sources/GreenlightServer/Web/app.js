// Greenlight web map: controls → /api/scenarios/{id}/reach → zones and site colours; clicks → /decide.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { scenario: null, detail: null, dates: [], sites: null, status: "", requestSeq: 0, lastUpdateMs: null };
const COLORS = { in_range: "#fdae61", permitted: "#1a9850", site0: "#9e9e9e", site1: "#d73027", site2: "#1a9850" };
const SITE_COUNT = Number(new URLSearchParams(location.search).get("sites") || 100000);

const map = L.map("map", { zoomAnimation: false, preferCanvas: true }).setView([51, 36], 5);
window.__map = map;
// Panes, bottom to top: borders, zones (one sub-pane and canvas per zone), sites.
map.createPane("zones").style.zIndex = 420;
map.createPane("sites").style.zIndex = 450;

L.control.scale({ imperial: false }).addTo(map);
const bordersLayer = L.geoJSON(null, { style: { color: "#777", weight: 0.8, fillColor: "#f7f7f2", fillOpacity: 1 }, interactive: false }).addTo(map);
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

// Sites drawn on one canvas: 100,000 markers stay fast. The squares are written straight into the
// canvas's pixels (source-over at 80% opacity, grey below red below green, as fillRect would paint
// them on whole pixels): 100,000 fillRect calls cost Chromium's software canvas 70-100 ms a frame,
// this about 9 ms.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const SITE_ALPHA = 0.8;
function rgb(hex) { return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)); }
function packRGBA(r, g, b, a) { return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0; }
const SitesLayer = L.Layer.extend({
  onAdd(m) {
    this._canvas = L.DomUtil.create("canvas", "sites-canvas");
    this._canvas.style.pointerEvents = "none";
    m.getPane("sites").appendChild(this._canvas);
    m.on("moveend zoomend resize", this.redraw, this);
    this.redraw();
  },
  onRemove(m) { this._canvas.remove(); this._image = null; m.off("moveend zoomend resize", this.redraw, this); },
  redraw() {
    if (!this._map || !state.sites) return;
    const size = this._map.getSize(), W = size.x, H = size.y;
    L.DomUtil.setPosition(this._canvas, this._map.containerPointToLayerPoint([0, 0]));
    const ctx = this._canvas.getContext("2d");
    if (!this._image || this._image.width !== W || this._image.height !== H) {
      this._canvas.width = W; this._canvas.height = H;
      this._image = ctx.createImageData(W, H);
      this._pixels = new Uint32Array(this._image.data.buffer);
    } else this._pixels.fill(0);
    const px = this._pixels, xy = state.sites.xy, st = state.status, n = xy.length / 2;
    const { scale, ox, oy } = viewTransform(this._map);
    // Squares of 2-4 px: as readable as discs at these sizes, and ten times faster to draw.
    const d = this._map.getZoom() >= 7 ? 4 : 2, h = d / 2, A = SITE_ALPHA;
    // Each site's top-left pixel for this view (kept while the view and the sites stay; a new answer
    // changes only the colours).
    const viewKey = `${scale}|${ox}|${oy}|${W}|${H}|${d}`;
    if (this._viewKey !== viewKey || this._viewSites !== xy) {
      const corner = this._corner && this._corner.length === 2 * n ? this._corner : new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x0 = Math.round(xy[2 * i] * scale - ox - h), y0 = Math.round(xy[2 * i + 1] * scale - oy - h);
        const off = x0 >= W || y0 >= H || x0 + d <= 0 || y0 + d <= 0;
        corner[2 * i] = off ? -0x40000000 : x0; corner[2 * i + 1] = y0;
      }
      this._corner = corner; this._viewKey = viewKey; this._viewSites = xy;
    }
    const corner = this._corner;
    for (const code of ["0", "1", "2"]) {
      const [r, g, b] = rgb(COLORS["site" + code]);
      const solid = packRGBA(r, g, b, Math.round(255 * A));
      // Over an earlier square: source-over, as the canvas composites (few distinct results, memoised).
      const over = new Map();
      const blend = (v) => {
        const vr = LITTLE_ENDIAN ? v & 255 : v >>> 24, vg = LITTLE_ENDIAN ? (v >>> 8) & 255 : (v >>> 16) & 255;
        const vb = LITTLE_ENDIAN ? (v >>> 16) & 255 : (v >>> 8) & 255, va = LITTLE_ENDIAN ? v >>> 24 : v & 255;
        const da = va / 255, oa = A + da * (1 - A), w = da * (1 - A);
        return packRGBA(Math.round((r * A + vr * w) / oa), Math.round((g * A + vg * w) / oa), Math.round((b * A + vb * w) / oa), Math.round(255 * oa));
      };
      const c = code.charCodeAt(0);
      let lastIn = 0, lastOut = 0;
      for (let i = 0; i < n; i++) {
        if ((st.charCodeAt(i) || 48) !== c) continue;
        const x0 = corner[2 * i], y0 = corner[2 * i + 1];
        if (x0 === -0x40000000) continue;
        const xa = x0 < 0 ? 0 : x0, xb = x0 + d > W ? W : x0 + d, ya = y0 < 0 ? 0 : y0, yb = y0 + d > H ? H : y0 + d;
        for (let y = ya; y < yb; y++) {
          for (let o = y * W + xa, end = y * W + xb; o < end; o++) {
            const v = px[o];
            if (v === 0) { px[o] = solid; continue; }
            if (v !== lastIn) { lastIn = v; lastOut = over.get(v); if (lastOut === undefined) { lastOut = blend(v); over.set(v, lastOut); } }
            px[o] = lastOut;
          }
        }
      }
    }
    ctx.putImageData(this._image, 0, 0);
  },
});
const sitesLayer = new SitesLayer().addTo(map);

// Zones: the server's polygons (RFC 7946 MultiPolygons with a certified boundary tolerance), one
// GeoJSON layer per zone, each on its own canvas in a sub-pane of "zones" so that the stacking order
// (in range below, permitted above, one state's permission on top) never depends on the order in
// which layers were switched on. The layer objects live as long as the page: an update replaces
// their data (clearLayers + addData), and the layer control keeps the user's choices.
const ZONE_STYLE = {
  in_range: { color: COLORS.in_range, fillColor: COLORS.in_range, fillOpacity: 0.45, z: 1 },
  permitted: { color: COLORS.permitted, fillColor: COLORS.permitted, fillOpacity: 0.65, z: 2 },
  permitted_by: { color: "#2166ac", fillColor: "#2166ac", fillOpacity: 0.5, z: 3 },
};
const zoneLayers = {}; // key ("in_range", "permitted", "permitted_by_US") -> { layer, label, shown }
function zoneKey(p) { return p.zone === "permitted_by" ? "permitted_by_" + p.authority : p.zone; }
function zoneLayer(p) {
  const key = zoneKey(p);
  if (zoneLayers[key]) return zoneLayers[key];
  const style = ZONE_STYLE[p.zone] || ZONE_STYLE.permitted_by;
  const paneName = "zones-" + key;
  map.createPane(paneName, map.getPane("zones")).style.zIndex = String(style.z);
  const layer = L.geoJSON(null, {
    pane: paneName, interactive: false, smoothFactor: 0.5,
    renderer: L.canvas({ pane: paneName, padding: 0.3 }),
    style: { stroke: true, weight: 1, opacity: 0.9, color: style.color, fill: true, fillColor: style.fillColor, fillOpacity: style.fillOpacity },
  });
  const label = p.zone === "permitted_by" ? `permitted by ${p.authority}` : p.zone.replace(/_/g, " ");
  const entry = zoneLayers[key] = { layer, label, shown: false };
  if (p.zone !== "permitted_by") map.addLayer(layer); // one state's permission: off until chosen
  return entry;
}
function setZones(collection) {
  const present = new Set();
  const features = (collection && collection.features) || [];
  for (const f of features) {
    const entry = zoneLayer(f.properties);
    present.add(zoneKey(f.properties));
    entry.layer.clearLayers();
    entry.layer.addData(f);
    if (!entry.shown) { layerControl.addOverlay(entry.layer, entry.label); entry.shown = true; }
  }
  // A zone the answer no longer has (a state no longer required) leaves the control but keeps its
  // layer object and on/off choice for when it comes back.
  for (const [key, entry] of Object.entries(zoneLayers)) {
    if (present.has(key)) continue;
    entry.layer.clearLayers();
    if (entry.shown) { layerControl.removeLayer(entry.layer); entry.shown = false; }
  }
}
layerControl.addOverlay(sitesLayer, "synthetic sites (grey: out of range, red: not permitted, green: permitted)");

const legend = L.control({ position: "bottomright" });
legend.onAdd = () => {
  const d = L.DomUtil.create("div", "legend");
  d.innerHTML = `<div><i style="background:${COLORS.in_range};opacity:.45"></i>within range of the launch area</div>
    <div><i style="background:${COLORS.permitted};opacity:.65"></i>permitted by every required state</div>
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
  // An update started meanwhile waits for these sites (its statuses are for them).
  const loading = (async () => {
    const q = currentQuery();
    const sites = await api(`/api/scenarios/${state.scenario}/sites?item=${q.item}&count=${SITE_COUNT}&seed=1${q.within ? "&within=" + q.within : ""}`);
    const xy = new Float64Array(sites.points.length * 2);
    sites.points.forEach((p, i) => { const w = worldXY(p[0], p[1]); xy[2 * i] = w[0]; xy[2 * i + 1] = w[1]; });
    sites.xy = xy;
    state.sites = sites;
    state.status = "";
  })();
  state.sitesLoading = loading;
  try { await loading; } finally { if (state.sitesLoading === loading) state.sitesLoading = null; }
}

// The slider's other dates, warmed on the server once the page is idle: their zones are built and
// kept there (areas only, no sites, no zones sent back), so that moving the slider later costs the
// site statuses only. Nothing is cached here: every update still asks the server for its answer.
// One request at a time, nearest dates first, only while the controls are idle; `?warm=0` turns it off.
const warm = { key: null, timer: null };
function warmDatesSoon() {
  clearTimeout(warm.timer);
  warm.timer = setTimeout(warmDates, 250);
}
const WARM = new URLSearchParams(location.search).get("warm") !== "0";
async function warmDates() {
  if (!WARM) return;
  const q = currentQuery();
  const key = JSON.stringify([state.scenario, q.item, q.variant, q.category, q.within]);
  if (warm.key === key) return;
  warm.key = key;
  const here = Number($("date").value);
  const order = state.dates.map((_, i) => i).filter((i) => i !== here).sort((a, b) => Math.abs(a - here) - Math.abs(b - here));
  for (const i of order) {
    // Only while idle: no update under way, none finished in the last 250 ms.
    for (;;) {
      if (state.updating) { await state.updating; continue; }
      const quiet = performance.now() - (state.lastUpdateEnd || 0);
      if (quiet >= 250) break;
      await new Promise((resolve) => setTimeout(resolve, 260 - quiet));
    }
    if (warm.key !== key) return; // the question changed: a newer warm-up takes over
    try {
      await fetch(`/api/scenarios/${state.scenario}/reach`, { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...q, date: state.dates[i], zones: false }) });
    } catch (e) { warm.key = null; return; }
  }
}

// Areas as the server measured them: whole km² (the display format), bounds rounded up so that a
// rigorous bound stays one.
const fmtBound = (x) => x < 10 ? (Math.ceil(x * 10) / 10).toFixed(1) : Math.ceil(x).toLocaleString("en-US");
const withBound = (km2, bound) => `${fmt(km2)} km²` + (bound == null ? "" : ` ± ${fmtBound(bound)}`);

async function update() {
  let done;
  const mine = state.updating = new Promise((resolve) => { done = resolve; });
  try { await runUpdate(); } finally { if (state.updating === mine) state.updating = null; state.lastUpdateEnd = performance.now(); done(); }
  warmDatesSoon();
}

async function runUpdate() {
  const seq = ++state.requestSeq;
  const t0 = performance.now();
  const q = currentQuery();
  $("date-label").textContent = q.date;
  if (state.sitesLoading) await state.sitesLoading;
  if (seq !== state.requestSeq) return;
  const body = { ...q, sites: { count: state.sites.points.length, seed: 1 } };
  let answer;
  try { answer = await api(`/api/scenarios/${state.scenario}/reach`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }); }
  catch (e) { $("update-ms").textContent = "error: " + e.message; return; }
  if (seq !== state.requestSeq) return; // a newer change is on its way
  const tFetched = performance.now();
  const r = answer.report;
  setZones(answer.zones);
  const tZones = performance.now();
  state.status = answer.site_status || "";
  sitesLayer.redraw();
  const tSites = performance.now();
  // Per-zone bounds from the zones themselves (the report's area_error_km2 is the larger of the two).
  const bound = {};
  for (const f of (answer.zones && answer.zones.features) || []) bound[zoneKey(f.properties)] = f.properties.area_bound_km2;
  $("in-range").textContent = withBound(r.in_range_km2, bound.in_range ?? r.area_error_km2);
  $("permitted").textContent = withBound(r.permitted_km2, bound.permitted ?? r.area_error_km2);
  $("share").textContent = `${(100 * r.share_permitted).toFixed(1)}%`;
  $("required").textContent = r.required.join(", ") || "nobody";
  $("by-authority").textContent = Object.entries(r.by_authority).map(([k, v]) => `${k}: ${withBound(v, bound["permitted_by_" + k])}`).join("; ") || "–";
  $("sites-in-range").textContent = r.sites ? fmt(r.sites.in_range) : "–";
  $("sites-permitted").textContent = r.sites ? fmt(r.sites.permitted_in_range) : "–";
  $("tolerance").textContent = `${r.tolerance_m.toLocaleString("en-US")} m`;
  $("error-bound").textContent = `± ${fmtBound(r.area_error_km2)} km²`;
  state.report = r;
  // The zone canvases redraw on the next animation frame; the update is done when that frame has
  // been painted (a task queued from the frame's callback runs after the paint).
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  state.lastUpdateMs = performance.now() - t0;
  state.timing = { fetch_ms: tFetched - t0, zones_ms: tZones - tFetched, sites_ms: tSites - tZones, render_ms: performance.now() - tFetched,
                   server_ms: answer.milliseconds, server_timing_ms: answer.timing_ms || null };
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
  state.zoneLayers = zoneLayers;
})();
