import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { main } from "../examples/standalone.js";

it("the README's standalone example runs against a fresh database file", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "cc-example-")), "example.db");
  expect(await main(file)).toEqual({
    community: "东街社区",
    population: 9850,
    newUnitKind: "grid",
    lastAction: "org.create",
  });
});
