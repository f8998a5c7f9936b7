import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  areaKm2,
  contains,
  formatDegrees,
  outlineProblem,
  outlines,
  parseDegrees,
  readRows,
  sidesCross,
  squareAround,
  toGeoJSON,
} from "../../services/gateway/web/js/shared/polygon.js";

const HOME = { lat: 46.6619, lon: 4.8623 };

describe("polygon", () => {
  it("reads degrees typed with a comma or a dot, and refuses the rest", () => {
    assert.equal(parseDegrees("46,6619"), 46.6619);
    assert.equal(parseDegrees(" -4.5 "), -4.5);
    assert.ok(Number.isNaN(parseDegrees("4.5.6")));
    assert.ok(Number.isNaN(parseDegrees("")));
  });

  it("reads rows into points and names each problem, skipping empty rows", () => {
    const { points, problems } = readRows([
      { lat: "46,66", lon: "4,86" },
      { lat: "", lon: "" },
      { lat: "91", lon: "4" },
      { lat: "x", lon: "" },
    ]);
    assert.deepEqual(points, [{ lat: 46.66, lon: 4.86 }]);
    assert.deepEqual(problems, [
      { index: 2, field: "lat", code: "out_of_range" },
      { index: 3, field: "lat", code: "not_a_number" },
      { index: 3, field: "lon", code: "required" },
    ]);
  });

  it("turns points into a closed GeoJSON ring and back", () => {
    const square = squareAround(HOME);
    const geojson = toGeoJSON(square);
    const ring = geojson.coordinates[0];
    assert.equal(ring.length, 5);
    assert.deepEqual(ring[0], ring[4]);
    assert.deepEqual(ring[0], [square[0].lon, square[0].lat]);
    assert.deepEqual(outlines(geojson), [square]);
    assert.deepEqual(outlines({ type: "Feature", geometry: geojson }), [square]);
    assert.deepEqual(outlines({ type: "Point", coordinates: [1, 2] }), []);
  });

  it("measures a 400 m square as 0.16 km²", () => {
    assert.ok(Math.abs(areaKm2(squareAround(HOME, 400)) - 0.16) < 0.002);
    assert.equal(areaKm2(squareAround(HOME).slice(0, 2)), 0);
  });

  it("finds sides that cross, not neighbours sharing a corner", () => {
    const [nw, ne, se, sw] = squareAround(HOME);
    assert.equal(sidesCross([nw, ne, se, sw]), false);
    assert.equal(sidesCross([nw, se, ne, sw]), true);
  });

  it("tells whether a point is inside", () => {
    const square = squareAround(HOME, 400);
    assert.equal(contains(square, HOME), true);
    assert.equal(contains(square, { lat: HOME.lat + 0.01, lon: HOME.lon }), false);
  });

  it("names the first problem of an outline, null when it looks fine", () => {
    // Limits of this test's own; the client's come from the server's refusal catalogue.
    const limits = { maxPoints: 5, minAreaKm2: 0.05, maxAreaKm2: 10 };
    const [nw, ne, se, sw] = squareAround(HOME);
    assert.equal(outlineProblem([nw, ne], limits), "too_few_points");
    assert.equal(outlineProblem([nw, ne, se, sw, nw, ne], limits), "too_many_points");
    assert.equal(outlineProblem([nw, se, ne, sw], limits), "sides_cross");
    assert.equal(outlineProblem(squareAround(HOME, 100), limits), "too_small");
    assert.equal(outlineProblem(squareAround(HOME, 4000), limits), "too_large");
    assert.equal(outlineProblem([nw, ne, se, sw], limits), null);
  });

  it("checks no limit it was not given", () => {
    assert.equal(outlineProblem(squareAround(HOME, 50)), null);
    assert.equal(outlineProblem(squareAround(HOME, 6000), { minAreaKm2: 0.01 }), null);
  });

  it("writes at most six decimals", () => {
    assert.equal(formatDegrees(46.12345678), "46.123457");
    assert.equal(formatDegrees(4.5), "4.5");
  });
});
