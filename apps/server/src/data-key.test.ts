import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { KEY_FILE, loadDataKeys } from "./data-key.js";

it("creates an owner-only key file on first start and reads the same key after", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-key-"));
  const first = loadDataKeys(dir, undefined);
  const file = join(dir, KEY_FILE);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").length).toBe(32);
  expect(loadDataKeys(dir, undefined).keys.encryption.equals(first.keys.encryption)).toBe(true);
});

it("prefers DATA_KEY and refuses a key of the wrong size", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-key-"));
  const env = Buffer.alloc(32, 1).toString("base64");
  expect(loadDataKeys(dir, env).source).toBe("DATA_KEY");
  expect(() => loadDataKeys(dir, Buffer.alloc(16).toString("base64"))).toThrow("32 bytes");
});
