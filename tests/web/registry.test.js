import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WEB } from "./browser.js";

const registry = await import(new URL("core/registry.js", WEB));
const { t } = await import(new URL("core/i18n.js", WEB));
const features = (await import(new URL("features/index.js", WEB))).default;

describe("registry", () => {
  for (const feature of features) registry.install(feature);

  it("routes every path of the features, with its parameters", () => {
    assert.equal(registry.match("/").screen.path, "/");
    const found = registry.match("/neighbourhoods/abc-1/members/");
    assert.equal(found.screen.path, "/neighbourhoods/:id/members");
    assert.deepEqual(found.params, { id: "abc-1" });
    assert.equal(registry.match("/nowhere/at/all"), null);
  });

  it("lists the nav entries of a visitor and of a resident, in order, each with a text", () => {
    const visitor = registry.navEntries(false);
    const resident = registry.navEntries(true);
    assert.ok(visitor.some((entry) => entry.path === "/sign-in"));
    assert.ok(!resident.some((entry) => entry.path === "/sign-in"));
    assert.ok(resident.some((entry) => entry.path === "/neighbourhoods"));
    for (const entry of [...visitor, ...resident]) assert.notEqual(t(entry.label), entry.label);
  });

  it("shows the operators' entries to operators only", () => {
    const operator = registry.navEntries(true, true);
    assert.ok(operator.some((entry) => entry.path === "/ops"));
    assert.ok(!registry.navEntries(true).some((entry) => entry.path === "/ops"));
    assert.ok(!registry.navEntries(false, true).some((entry) => entry.path === "/ops"));
  });

  it("refuses two screens at one path and an unknown slot", () => {
    assert.throws(() => registry.registerScreen({ path: "/", render: () => null }), /two screens/);
    assert.throws(() => registry.registerSlot("nowhere", () => null), /unknown slot/);
  });
});
