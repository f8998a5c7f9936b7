// Maps (Leaflet, vendored). Blank by default (no tile server is needed to see an outline
// against a home and a scale, and it works offline); with streets when the installation names a
// tile server (GET /config, QUARTIER_MAP_TILES), credited as that server asks. Leaflet is loaded
// on first use only. A map is a visual aid: every screen also gives what it shows as text.
import { clientConfig } from "../core/config.js";
import { h } from "../core/dom.js";
import { t } from "../core/i18n.js";

const LEAFLET = "/vendor/leaflet/leaflet.js";
const LEAFLET_CSS = "/vendor/leaflet/leaflet.css";
// Colours on the map's light background: outline 8.6:1, others 5.7:1, home 7:1.
const OUTLINE = { color: "#1d4e3b", weight: 3, fillColor: "#1d4e3b", fillOpacity: 0.15 };
const OTHER = { color: "#5a4a78", weight: 2, dashArray: "6 6", fillOpacity: 0.05 };
const HOME = { radius: 8, color: "#a4161a", weight: 3, fillColor: "#ffffff", fillOpacity: 1 };
let loading = null;

/** window.L once Leaflet and its style sheet are loaded. */
export function leaflet() {
  if (!loading) {
    const css = new Promise((resolve) => {
      const link = h("link", { rel: "stylesheet", href: LEAFLET_CSS });
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve); // unstyled is still usable
      document.head.append(link);
    });
    loading = Promise.all([import(LEAFLET), css]).then(() => window.L);
    loading.catch(() => {
      loading = null; // a later screen tries again
    });
  }
  return loading;
}

function escapeText(text) {
  const box = document.createElement("span");
  box.textContent = text;
  return box.innerHTML;
}

/** Resolves once `el` is in the document (screens are rendered, then attached). */
function attached(el) {
  return new Promise((resolve) => {
    const check = (tries) => {
      if (el.isConnected || tries > 600) resolve(el.isConnected);
      else requestAnimationFrame(() => check(tries + 1));
    };
    check(0);
  });
}

/**
 * A map element and its controller. Options: label (accessible name of the map region),
 * description (id of the element describing it). Returns {element, ready}; `ready` resolves
 * to a BoundaryMap, or null when Leaflet could not load (the screen works without it).
 */
export function boundaryMap({ label, describedBy } = {}) {
  const canvas = h("div", {
    class: "map-canvas",
    role: "region",
    "aria-label": label || t("map.label"),
    "aria-describedby": describedBy,
  });
  const element = h("div", { class: "map" }, canvas);
  const ready = attached(canvas)
    .then((isAttached) => (isAttached ? Promise.all([leaflet(), clientConfig()]) : []))
    .then(([L, config]) => (L ? new BoundaryMap(L, canvas, config?.map) : null))
    .catch(() => {
      element.append(h("p", { class: "hint" }, t("map.unavailable")));
      return null;
    });
  return { element, ready };
}

export class BoundaryMap {
  /** tiles: {tiles: URL template, attribution} or null for a blank map. */
  constructor(L, canvas, tiles = null) {
    this.L = L;
    this.map = L.map(canvas, {
      attributionControl: false,
      zoomControl: false, // added below, with titles in the resident's language
      keyboard: true,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: 19,
    });
    L.control
      .zoom({ zoomInTitle: t("map.zoom_in"), zoomOutTitle: t("map.zoom_out") })
      .addTo(this.map);
    L.control.scale({ imperial: false, maxWidth: 150 }).addTo(this.map);
    if (tiles?.tiles) {
      // Leaflet writes an attribution as markup: the operator's credit goes in as text.
      L.control.attribution({ prefix: false }).addTo(this.map);
      L.tileLayer(tiles.tiles, {
        attribution: escapeText(tiles.attribution || ""),
        maxZoom: 19,
        crossOrigin: false,
      }).addTo(this.map);
    }
    this.map.setView([46.6, 2.4], 5); // France, until something is shown
    this.outline = null;
    this.vertices = [];
    this.others = [];
    this.parts = [];
    this.home = null;
    this.onPick = null;
    this.map.on("click", (event) =>
      this.onPick?.({ lat: event.latlng.lat, lon: event.latlng.lng }),
    );
  }

  /** The resident's home, a circle with a permanent label. */
  setHome(point) {
    this.home?.remove();
    this.home = null;
    if (!point) return;
    this.home = this.L.circleMarker([point.lat, point.lon], HOME)
      .bindTooltip(h("span", {}, t("map.home")), { permanent: true, direction: "top" })
      .addTo(this.map);
  }

  /** Other neighbourhoods nearby, dashed, each labelled with its name on hover. */
  setOthers(shapes) {
    for (const layer of this.others) layer.remove();
    this.others = shapes.map(({ points, name }) =>
      this.L.polygon(
        points.map((p) => [p.lat, p.lon]),
        OTHER,
      )
        .bindTooltip(h("span", {}, name), { sticky: true })
        .addTo(this.map),
    );
    // The tooltip's focus listener makes Chromium put each outline in the Tab order, as an
    // unnamed stop; the list beside the map already names them, so the keyboard skips them.
    for (const layer of this.others) layer.getElement()?.setAttribute("tabindex", "-1");
  }

  /** A neighbourhood's outline as shown (every part of a MultiPolygon). */
  setParts(parts) {
    for (const layer of this.parts) layer.remove();
    this.parts = parts.map((points) =>
      this.L.polygon(
        points.map((p) => [p.lat, p.lon]),
        OUTLINE,
      ).addTo(this.map),
    );
  }

  /**
   * The outline being edited. With onMove(index, {lat, lon}), every corner gets a
   * numbered handle that can be dragged (the list of points is the keyboard's way).
   */
  setOutline(points, { onMove } = {}) {
    this.outline?.remove();
    for (const vertex of this.vertices) vertex.remove();
    this.outline = null;
    this.vertices = [];
    if (points.length >= 2) {
      const latlngs = points.map((p) => [p.lat, p.lon]);
      this.outline = (
        points.length >= 3 ? this.L.polygon(latlngs, OUTLINE) : this.L.polyline(latlngs, OUTLINE)
      ).addTo(this.map);
    }
    if (!onMove) return;
    this.vertices = points.map((p, index) => {
      const marker = this.L.marker([p.lat, p.lon], {
        draggable: true,
        keyboard: false, // out of the tab order: the list of points is edited from the keyboard
        title: t("map.point", { n: index + 1 }),
        icon: this.L.divIcon({
          className: "map-vertex",
          html: h("span", { "aria-hidden": "true" }, String(index + 1)),
          iconSize: [26, 26],
        }),
      });
      marker.on("dragend", () => {
        const at = marker.getLatLng();
        onMove(index, { lat: at.lat, lon: at.lng });
      });
      return marker.addTo(this.map);
    });
  }

  /** Named places joined by a line (a ride's start and end), each labelled. */
  setPlaces(places) {
    for (const layer of this.places || []) layer.remove();
    const latlngs = places.map((p) => [p.lat, p.lon]);
    this.places = [
      ...places.map((p, index) =>
        this.L.circleMarker(latlngs[index], HOME)
          .bindTooltip(h("span", {}, p.name), { permanent: true, direction: "top" })
          .addTo(this.map),
      ),
      ...(latlngs.length > 1 ? [this.L.polyline(latlngs, OUTLINE).addTo(this.map)] : []),
    ];
  }

  /** Frame the outline, the home, the others and the places (whatever there is). */
  fit() {
    const layers = [
      this.outline,
      ...this.parts,
      this.home,
      ...this.others,
      ...(this.places || []),
    ].filter(Boolean);
    if (!layers.length) return;
    this.map.invalidateSize();
    const bounds = this.L.featureGroup(layers).getBounds();
    if (bounds.isValid()) {
      this.map.fitBounds(bounds.pad(0.15), { maxZoom: 17 });
    }
  }

  /** Frame the outline again when part of it left the view (a point typed far away). */
  keepInView() {
    if (!this.outline) return;
    const bounds = this.outline.getBounds();
    if (bounds.isValid() && !this.map.getBounds().contains(bounds)) this.fit();
  }

  /** Clicking the map calls fn({lat, lon}) (to add a corner); null stops it. */
  onClick(fn) {
    this.onPick = fn;
  }

  destroy() {
    this.map.remove();
  }
}
