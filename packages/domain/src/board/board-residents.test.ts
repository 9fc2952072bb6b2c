import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, makeUser, trpcErrorOf } from "../testing/index.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";

// Linking a 黑榜 entry to a resident: a grid worker finds the residents of a 楼院 of his 网格 (masked
// mobiles) and links only them; the 社区's admins link any resident of the 社区.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const black = (courtyardId: number, subjectUserId: number) => ({
  category: "corridor_clutter" as const,
  courtyardId,
  title: "3单元楼道堆放纸箱",
  description: "楼道长期堆放纸箱，影响通行。",
  subjectKind: "place" as const,
  subjectUserId,
  photos: [],
});

describe("board.residentOptions", () => {
  it("lists a 楼院's residents to whoever may propose there, by name or mobile tail, mobiles masked", async () => {
    const worker = await fx.as(fx.people.worker);
    const all = await worker.board.residentOptions({ courtyardId: fx.tree.a.courtyard });
    expect(all.map((r) => r.name).sort()).toEqual(["刘芳", "陈静"].sort());
    for (const r of all) expect(r.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(
      (await worker.board.residentOptions({ courtyardId: fx.tree.a.courtyard, q: "芳" })).map((r) => r.name),
    ).toEqual(["刘芳"]);
    const tail = all.find((r) => r.name === "陈静")!.mobile.slice(-4);
    expect(
      (await worker.board.residentOptions({ courtyardId: fx.tree.a.courtyard, q: tail })).map((r) => r.name),
    ).toContain("陈静");
    // Another 网格's 楼院, another 社区's: refused.
    for (const courtyardId of [fx.courtyard2, fx.tree.b.courtyard]) {
      const error = await trpcErrorOf(worker.board.residentOptions({ courtyardId }));
      expect(error.code).toBe("FORBIDDEN");
    }
    expect(
      (
        await trpcErrorOf(
          (await fx.as(fx.people.resident)).board.residentOptions({ courtyardId: fx.tree.a.courtyard }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("lets a grid worker link a resident of the entry's 楼院 only; an admin, any of the 社区", async () => {
    const elsewhere = (
      await makeUser(fx.db, {
        name: "孙丽",
        role: "resident",
        unitId: fx.tree.a.community,
        communityId: fx.tree.a.community,
        courtyardId: fx.courtyard2,
      })
    ).id;
    const worker = await fx.as(fx.people.worker);
    expect((await worker.board.propose(black(fx.tree.a.courtyard, fx.people.resident))).state).toBe(
      "pending",
    );
    const refused = await trpcErrorOf(worker.board.propose(black(fx.tree.a.courtyard, elsewhere)));
    expect(errorShapeOf(refused, "board.propose").data.fieldErrors).toEqual({
      subjectUserId: ["只能关联该楼院的居民"],
    });
    const admin = await fx.as(fx.people.admin);
    expect((await admin.board.propose(black(fx.tree.a.courtyard, elsewhere))).state).toBe("pending");
  });
});
