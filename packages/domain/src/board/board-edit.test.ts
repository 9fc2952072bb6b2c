import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, trpcErrorOf } from "../testing/index.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { makeBoardEntry } from "./test-fixture.js";

// Correcting an entry before it is on the board: its proposer or the 社区's admins, by field; once
// published it is refused, so what residents read and a linked person was told stays as it was.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const proposal = (courtyardId: number) => ({
  category: "corridor_clutter" as const,
  courtyardId,
  title: "3单元楼道堆放纸箱",
  description: "楼道长期堆放纸箱，影响通行。",
  subjectKind: "place" as const,
  photos: [],
});

describe("board.update", () => {
  it("lets the proposer correct a 待审核 entry, and an admin fix it before approving", async () => {
    const worker = await fx.as(fx.people.worker);
    const { id } = await worker.board.propose(proposal(fx.tree.a.courtyard));
    const first = await worker.board.update({
      id,
      version: 1,
      category: "random_piling",
      title: "3单元楼道堆放旧家具",
      description: "楼道长期堆放旧家具和纸箱，影响消防通道。",
    });
    expect(first).toEqual({ state: "pending", version: 2 });
    const admin = await fx.as(fx.people.admin);
    await admin.board.update({
      id,
      version: 2,
      category: "random_piling",
      title: "3单元楼道堆放旧家具（已核实）",
      description: "楼道长期堆放旧家具。",
    });
    const detail = await admin.board.detail({ id });
    expect(detail).toMatchObject({
      category: "random_piling",
      title: "3单元楼道堆放旧家具（已核实）",
      state: "pending",
    });
    // A stale version is a conflict, not a silent overwrite.
    const stale = await trpcErrorOf(
      worker.board.update({ id, version: 2, ...proposal(fx.tree.a.courtyard) }),
    );
    expect(stale.code).toBe("CONFLICT");
  });

  it("refuses a published entry, another board's category, a missing name, and anyone else", async () => {
    const published = await makeBoardEntry(fx.db, {
      courtyardId: fx.tree.a.courtyard,
      category: "litter",
      proposerId: fx.people.worker,
      state: "published",
    });
    const admin = await fx.as(fx.people.admin);
    const edit = { category: "litter" as const, title: "改标题", description: "改说明" };
    const refused = await trpcErrorOf(admin.board.update({ id: published, ...edit }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe("已公示的条目不能修改：如需更正，请撤榜后重新提名（原条目保留备查）");

    const white = await makeBoardEntry(fx.db, {
      courtyardId: fx.tree.a.courtyard,
      category: "good_deed",
      proposerId: fx.people.worker,
      subjectName: "张明华",
    });
    const kind = await trpcErrorOf(admin.board.update({ id: white, ...edit }));
    expect(errorShapeOf(kind, "board.update").data.fieldErrors).toEqual({ category: ["请选择白榜类别"] });
    const nameless = await trpcErrorOf(
      admin.board.update({
        id: white,
        category: "good_deed",
        title: "帮邻居买菜",
        description: "每周帮独居老人买菜。",
        subjectName: " ",
      }),
    );
    expect(errorShapeOf(nameless, "board.update").data.fieldErrors).toEqual({
      subjectName: ["请填写被表扬人的姓名"],
    });

    for (const other of [fx.people.adminB, fx.people.workerB, fx.people.resident]) {
      const error = await trpcErrorOf(
        (await fx.as(other)).board.update({
          id: white,
          category: "good_deed",
          title: "x",
          description: "y",
          subjectName: "张明华",
        }),
      );
      expect(error.code).toBe("FORBIDDEN");
    }
    const unchanged = await fx.db
      .selectFrom("board_entry")
      .select(["title", "version"])
      .where("id", "in", [published, white])
      .orderBy("id")
      .execute();
    expect(unchanged).toEqual([
      { title: "楼道堆放杂物", version: 1 },
      { title: "帮助邻居", version: 1 },
    ]);
  });
});
