import { describe, expect, it } from "vitest";
import {
  blindIndex,
  decryptField,
  deriveDataKeys,
  encryptField,
  generateMasterKey,
  signToken,
  verifyToken,
} from "./data-keys.js";

const keys = deriveDataKeys(Buffer.alloc(32, 7));

describe("field encryption", () => {
  it("round-trips and never stores the plaintext", () => {
    const a = encryptField(keys, "11010519491231002X");
    const b = encryptField(keys, "11010519491231002X");
    expect(a).not.toContain("11010519491231002X");
    expect(a).not.toBe(b); // fresh IV each time
    expect(decryptField(keys, a)).toBe("11010519491231002X");
  });

  it("fails loudly on a tampered value or another key", () => {
    const stored = encryptField(keys, "secret");
    const tampered = stored.slice(0, -2) + (stored.endsWith("A") ? "BB" : "AA");
    expect(() => decryptField(keys, tampered)).toThrow();
    expect(() => decryptField(deriveDataKeys(generateMasterKey()), stored)).toThrow();
  });
});

it("blind index is stable per key and purpose", () => {
  expect(blindIndex(keys, "id", "x")).toBe(blindIndex(keys, "id", "x"));
  expect(blindIndex(keys, "id", "x")).not.toBe(blindIndex(keys, "other", "x"));
  expect(blindIndex(keys, "id", "x")).not.toBe(blindIndex(deriveDataKeys(Buffer.alloc(32, 8)), "id", "x"));
});

describe("signed tokens", () => {
  const now = new Date("2026-11-29T01:00:00Z");
  it("verifies until expiry", () => {
    const t = signToken(keys, { activityId: 5 }, new Date(now.getTime() + 60_000));
    expect(verifyToken(keys, t, now)).toMatchObject({ activityId: 5 });
    expect(verifyToken(keys, t, new Date(now.getTime() + 61_000))).toBeNull();
  });
  it("rejects an altered payload or signature", () => {
    const t = signToken(keys, { activityId: 5 }, new Date(now.getTime() + 60_000));
    const [body, sig] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ activityId: 6, exp: now.getTime() + 60_000 })).toString("base64url");
    expect(verifyToken(keys, `${forged}.${sig}`, now)).toBeNull();
    expect(verifyToken(keys, `${body}.${sig}x`, now)).toBeNull();
    expect(verifyToken(keys, "garbage", now)).toBeNull();
  });
});
