import { describe, expect, expectTypeOf, it } from "vitest";
import { createTestDb, makeActivity, makeOrgTree } from "../testing/index.js";
import type { Skill } from "../volunteer/rules.js";
import { fromJson, toJson, type JsonText } from "./json.js";

describe("JSON columns", () => {
  it("store text and read back the value, typed", async () => {
    const db = await createTestDb();
    const tree = await makeOrgTree(db);
    const id = await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: "2026-12-05T01:00:00Z",
      endsAt: "2026-12-05T03:00:00Z",
      title: "[1]",
    });
    // @ts-expect-error a plain string is not JSON of a Skill[]: a write goes through toJson
    db.updateTable("activity").set({ skills: '["medical"]' });
    await db
      .updateTable("activity")
      .set({ skills: toJson<Skill[]>(["medical", "legal"]) })
      .where("id", "=", id)
      .execute();
    const row = await db
      .selectFrom("activity")
      .select(["title", "skills"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    // SQLite hands back the text; only the JSON column is parsed, never user text that looks like JSON.
    expect(row.skills).toBe('["medical","legal"]');
    expect(row.title).toBe("[1]");
    // @ts-expect-error the text is not the array: a read goes through fromJson
    const unparsed: Skill[] = row.skills;
    expect(typeof unparsed).toBe("string");
    const skills = fromJson(row.skills);
    expectTypeOf(skills).toEqualTypeOf<Skill[]>();
    expect(skills).toEqual(["medical", "legal"]);
    await db.destroy();
  });

  it("pass through a value the driver already parsed (PostgreSQL jsonb)", () => {
    const parsed = ["arts"] as unknown as JsonText<Skill[]>;
    expect(fromJson(parsed)).toEqual(["arts"]);
  });
});
