import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { main } from "../examples/standalone.js";
import { appRouter } from "./root.js";

const README = join(dirname(fileURLToPath(import.meta.url)), "../README.md");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Migrations, demo data and two scrypt logins: well under a second alone, but more than vitest's 5 s
// default when turbo runs every package's tests at once on two cores.
it("the README's standalone example runs against a fresh database file", { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-example-"));
  dirs.push(dir);
  expect(await main(join(dir, "example.db"))).toEqual({
    submitted: "pending",
    queued: ["刘芳 110105********1021"],
    status: "registered",
    skills: ["elderly_care", "medical"],
    logged: "通过志愿者注册",
  });
});

it("the README shows the example's code as it is", () => {
  const readme = readFileSync(README, "utf8");
  const example = readFileSync(join(dirname(README), "examples/standalone.ts"), "utf8");
  const shown = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Example")))?.[1];
  expect(shown).toBeDefined();
  // Every line the README shows is a line of the example (the README leaves out the command-line part).
  const lines = new Set(example.split("\n").map((l) => l.trim()));
  expect(shown!.split("\n").filter((l) => l.trim() && !lines.has(l.trim()))).toEqual([]);
});

it("the README's procedure table names every procedure of appRouter, and no other", () => {
  const readme = readFileSync(README, "utf8");
  const section = readme.slice(
    readme.indexOf("## Procedures"),
    readme.indexOf("\n## ", readme.indexOf("## Procedures") + 1),
  );
  // The first column of the table's rows: one or more `router.procedure` names.
  const firstCells = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!);
  const named = firstCells.flatMap((cell) =>
    [...cell.matchAll(/`([a-z]+(?:\.[a-zA-Z]+)+)`/g)].map((m) => m[1]!),
  );
  const procedures = Object.keys(appRouter._def.procedures);
  expect(
    procedures.filter((p) => !named.includes(p)),
    "procedures missing from the Procedures table of packages/domain/README.md: add a row saying who may call each",
  ).toEqual([]);
  expect(
    [...new Set(named)].filter((p) => !procedures.includes(p)),
    "the Procedures table of packages/domain/README.md names procedures appRouter does not have",
  ).toEqual([]);
});
