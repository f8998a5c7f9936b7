// A neighbourhood's outline as the resident edits it: a list of {lat, lon} points, turned into
// GeoJSON (lon/lat order, closed ring) for the API. The server judges the boundary; what is
// computed here (area, crossing sides, home inside) only helps the resident before sending.

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

/** "46,6619" or "46.6619" (a French keyboard types a comma) -> 46.6619; NaN when not a number. */
export function parseDegrees(text) {
  const cleaned = String(text ?? "")
    .trim()
    .replace(/\s+/g, "")
    .replace(",", ".");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return NaN;
  return Number(cleaned);
}

/**
 * Rows as typed ([{lat: "46.66", lon: "4.86"}]) -> {points, problems}: points [{lat, lon}] of
 * the rows that read well, problems [{index, field: "lat"|"lon", code}] with code "required",
 * "not_a_number" or "out_of_range". Entirely empty rows are skipped.
 */
export function readRows(rows) {
  const points = [];
  const problems = [];
  rows.forEach((row, index) => {
    const latText = String(row.lat ?? "").trim();
    const lonText = String(row.lon ?? "").trim();
    if (!latText && !lonText) return;
    const lat = checked(latText, 90, index, "lat", problems);
    const lon = checked(lonText, 180, index, "lon", problems);
    if (lat !== null && lon !== null) points.push({ lat, lon });
  });
  return { points, problems };
}

function checked(text, limit, index, field, problems) {
  if (!text) {
    problems.push({ index, field, code: "required" });
    return null;
  }
  const value = parseDegrees(text);
  if (Number.isNaN(value)) {
    problems.push({ index, field, code: "not_a_number" });
    return null;
  }
  if (Math.abs(value) > limit) {
    problems.push({ index, field, code: "out_of_range" });
    return null;
  }
  return value;
}

/** Points -> a GeoJSON Polygon, [lon, lat] positions, its ring closed. */
export function toGeoJSON(points) {
  const ring = withoutClosingPoint(points).map((p) => [p.lon, p.lat]);
  if (ring.length) ring.push([...ring[0]]);
  return { type: "Polygon", coordinates: [ring] };
}

/**
 * A GeoJSON Polygon, MultiPolygon or a Feature of one -> its outlines as lists of points
 * [[{lat, lon}]] (outer rings only, closing point dropped). Anything else -> [].
 */
export function outlines(geojson) {
  const shape = geojson?.type === "Feature" ? geojson.geometry : geojson;
  let polygons = [];
  if (shape?.type === "Polygon") polygons = [shape.coordinates];
  else if (shape?.type === "MultiPolygon") polygons = shape.coordinates;
  return polygons
    .filter((rings) => Array.isArray(rings?.[0]))
    .map((rings) => withoutClosingPoint(rings[0].map(([lon, lat]) => ({ lat, lon }))));
}

export function withoutClosingPoint(points) {
  if (points.length > 1) {
    const first = points[0];
    const last = points[points.length - 1];
    if (first.lat === last.lat && first.lon === last.lon) return points.slice(0, -1);
  }
  return points;
}

/** Metres east and north of an origin (a local flat projection, plenty at a town's scale). */
function project(point, origin) {
  return {
    x: (point.lon - origin.lon) * METRES_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180),
    y: (point.lat - origin.lat) * METRES_PER_DEGREE,
  };
}

function centre(points) {
  const sum = points.reduce((acc, p) => ({ lat: acc.lat + p.lat, lon: acc.lon + p.lon }), {
    lat: 0,
    lon: 0,
  });
  return { lat: sum.lat / points.length, lon: sum.lon / points.length };
}

/** Approximate area in km² (shoelace formula on the local projection). */
export function areaKm2(points) {
  const ring = withoutClosingPoint(points);
  if (ring.length < 3) return 0;
  const origin = centre(ring);
  const flat = ring.map((p) => project(p, origin));
  let twice = 0;
  for (let i = 0; i < flat.length; i += 1) {
    const a = flat[i];
    const b = flat[(i + 1) % flat.length];
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2 / 1e6;
}

/** True when two sides that do not share a corner cross each other. */
export function sidesCross(points) {
  const ring = withoutClosingPoint(points);
  const n = ring.length;
  if (n < 4) return false;
  const origin = centre(ring);
  const flat = ring.map((p) => project(p, origin));
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a corner
      if (segmentsCross(flat[i], flat[(i + 1) % n], flat[j], flat[(j + 1) % n])) return true;
    }
  }
  return false;
}

function segmentsCross(a, b, c, d) {
  const turn = (p, q, r) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return turn(a, b, c) !== turn(a, b, d) && turn(c, d, a) !== turn(c, d, b);
}

/** Whether the point lies inside the outline (ray casting; the edge counts as inside or not). */
export function contains(points, point) {
  const ring = withoutClosingPoint(points);
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const a = ring[i];
    const b = ring[j];
    if (
      a.lat > point.lat !== b.lat > point.lat &&
      point.lon < ((b.lon - a.lon) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lon
    ) {
      inside = !inside;
    }
  }
  return inside;
}

/** A square of `side` metres centred on the point, as four corners (north-west first). */
export function squareAround(point, side = 400) {
  const half = side / 2;
  const dLat = half / METRES_PER_DEGREE;
  const dLon = half / (METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180));
  const round = (value) => Math.round(value * 1e6) / 1e6;
  return [
    { lat: round(point.lat + dLat), lon: round(point.lon - dLon) },
    { lat: round(point.lat + dLat), lon: round(point.lon + dLon) },
    { lat: round(point.lat - dLat), lon: round(point.lon + dLon) },
    { lat: round(point.lat - dLat), lon: round(point.lon - dLon) },
  ];
}

/**
 * What the resident should hear about the outline before sending it: null when it looks
 * fine, else "too_few_points", "too_many_points", "sides_cross", "too_small" or "too_large".
 * `limits` {maxPoints, minAreaKm2, maxAreaKm2} are the service's (core/limits.js), for an
 * early hint; one left undefined is not checked.
 */
export function outlineProblem(points, { maxPoints, minAreaKm2, maxAreaKm2 } = {}) {
  if (points.length < 3) return "too_few_points";
  if (points.length > maxPoints) return "too_many_points";
  if (sidesCross(points)) return "sides_cross";
  const area = areaKm2(points);
  if (area < minAreaKm2) return "too_small";
  if (area > maxAreaKm2) return "too_large";
  return null;
}

/** Text of a coordinate for an input: up to 6 decimals (about 10 cm), no trailing zeros. */
export function formatDegrees(value) {
  return String(Math.round(value * 1e6) / 1e6);
}
