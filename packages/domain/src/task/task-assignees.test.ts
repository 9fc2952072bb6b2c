import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { campaignPeople } from "../campaign/test-fixture.js";
import { createTestDb, trpcErrorOf } from "../testing/index.js";

// The 责任人 picker: the people createTask would accept for a unit, nearest first.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
});

describe("task.assignees", () => {
  it("offers a 社区's admins first, then its grid workers, then the street's admins; never residents or other 社区", async () => {
    const street = await fx.as(fx.people.street);
    const list = await street.task.assignees({ unitId: fx.tree.a.community });
    expect(list.map((p) => p.name)).toEqual(["李秀英", "刘洋", "张伟", "王建国"]);
    expect(list[1]).toMatchObject({ role: "grid_worker" });
  });

  it("offers for a 网格 its own grid workers, then the admins above it", async () => {
    const admin = await fx.as(fx.people.adminA);
    const list = await admin.task.assignees({ unitId: fx.tree.a.grid });
    expect(list.map((p) => p.name)).toEqual(["刘洋", "张伟", "李秀英", "王建国"]);
  });

  it("leaves out deleted accounts", async () => {
    await db
      .updateTable("user")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", fx.people.workerA2)
      .execute();
    const list = await (await fx.as(fx.people.street)).task.assignees({ unitId: fx.tree.a.grid });
    expect(list.map((p) => p.name)).not.toContain("刘洋");
  });

  it("is refused for a unit outside the caller's own", async () => {
    const admin = await fx.as(fx.people.adminA);
    expect((await trpcErrorOf(admin.task.assignees({ unitId: fx.tree.b.community }))).code).toBe("FORBIDDEN");
  });
});
