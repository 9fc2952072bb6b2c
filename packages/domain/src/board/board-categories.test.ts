import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditRows, errorShapeOf, trpcErrorOf } from "../testing/index.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { makeBoardEdition, makeBoardEntry } from "./test-fixture.js";

// A 社区's own names and switches for the board categories: renamed on the console, shown on its
// public board and its forms; a switched-off category refused for new entries, old ones still shown.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const nomination = (courtyardId: number) => ({
  category: "good_deed" as const,
  courtyardId,
  title: "帮助独居老人",
  description: "每周帮王大爷买菜。",
  subjectKind: "person" as const,
  subjectName: "张明华",
  photos: [],
});
const proposal = (courtyardId: number) => ({
  category: "high_throw" as const,
  courtyardId,
  title: "5号楼高空抛物",
  description: "5号楼有住户从窗口扔垃圾。",
  subjectKind: "place" as const,
  photos: [],
});

/** A published edition of 社区 A this month holding a published 好人好事 and a 高空抛物 entry. */
async function boardWithEntries() {
  const editionId = await makeBoardEdition(fx.db, {
    communityId: fx.tree.a.community,
    publishedBy: fx.people.admin,
  });
  for (const category of ["good_deed", "high_throw"] as const) {
    await makeBoardEntry(fx.db, {
      courtyardId: fx.tree.a.courtyard,
      category,
      proposerId: fx.people.worker,
      state: "published",
      editionId,
      photosConfirmed: true,
    });
  }
}

describe("a 社区's category names", () => {
  it("shows a renamed category on the public board, the console list and the forms' options; empty restores the built-in name", async () => {
    await boardWithEntries();
    const admin = await fx.as(fx.people.admin);
    const visitor = await fx.as(null);
    const communityId = fx.tree.a.community;

    const before = await admin.board.categories({ communityId });
    expect(before).toHaveLength(20);
    expect(before.find((c) => c.code === "good_deed")).toEqual({
      code: "good_deed",
      kind: "white",
      defaultLabel: "好人好事",
      label: "好人好事",
      enabled: true,
    });

    const after = await admin.board.setCategory({
      communityId,
      code: "good_deed",
      label: "  身边好人 ",
      enabled: true,
    });
    expect(after.find((c) => c.code === "good_deed")).toMatchObject({
      label: "身边好人",
      defaultLabel: "好人好事",
    });
    expect((await admin.board.categories({ communityId })).find((c) => c.code === "good_deed")!.label).toBe(
      "身边好人",
    );
    const board = await visitor.board.publicList({ communityId });
    expect(board.white.map((e) => e.categoryLabel)).toEqual(["身边好人"]);
    expect(board.counts.find((c) => c.category === "good_deed")!.label).toBe("身边好人");
    const options = await visitor.board.categoryOptions({ communityId });
    expect(options.find((o) => o.code === "good_deed")).toEqual({
      code: "good_deed",
      kind: "white",
      label: "身边好人",
    });
    // Another 社区 keeps the built-in name.
    expect(
      (await visitor.board.categoryOptions({ communityId: fx.tree.b.community })).find(
        (o) => o.code === "good_deed",
      )!.label,
    ).toBe("好人好事");

    // The 操作日志 says which category changed and how.
    const audit = (await auditRows(fx.db)).filter((r) => r.action === "board.set_category");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      target_type: "org_unit",
      target_id: String(communityId),
      before: { label: "好人好事", enabled: true },
      after: { boardCategory: "白榜 · 好人好事", label: "身边好人", enabled: true },
    });

    // An empty name is the built-in one again.
    await admin.board.setCategory({ communityId, code: "good_deed", label: "   ", enabled: true });
    expect((await admin.board.categories({ communityId })).find((c) => c.code === "good_deed")!.label).toBe(
      "好人好事",
    );
    expect((await visitor.board.publicList({ communityId })).white[0]!.categoryLabel).toBe("好人好事");
    expect(await fx.db.selectFrom("board_category").selectAll().execute()).toEqual([]);
  });

  it("refuses a name past 10 characters or one another category of the same board has, naming the field", async () => {
    const admin = await fx.as(fx.people.admin);
    const communityId = fx.tree.a.community;
    const long = await trpcErrorOf(
      admin.board.setCategory({
        communityId,
        code: "good_deed",
        label: "一二三四五六七八九十一",
        enabled: true,
      }),
    );
    expect(errorShapeOf(long, "board.setCategory").data.fieldErrors).toEqual({
      label: ["本社区名称最多10字"],
    });
    // Ten characters as people count them (an emoji is one) are fine.
    await admin.board.setCategory({
      communityId,
      code: "good_deed",
      label: "一二三四五六七八九👍",
      enabled: true,
    });

    const taken = await trpcErrorOf(
      admin.board.setCategory({ communityId, code: "filial", label: "文明家庭", enabled: true }),
    );
    expect(errorShapeOf(taken, "board.setCategory").data.fieldErrors).toEqual({
      label: ["白榜已有名为“文明家庭”的类别"],
    });
    // The other board may have a category of that name: 其他 is on both.
    await admin.board.setCategory({ communityId, code: "litter", label: "好人好事", enabled: true });

    const badCode = await trpcErrorOf(
      admin.board.setCategory({ communityId, code: "nope" as "litter", label: "", enabled: true }),
    );
    expect(errorShapeOf(badCode, "board.setCategory").data.fieldErrors).toEqual({ code: ["请选择类别"] });
  });

  it("keeps at least one category of each board switched on", async () => {
    const admin = await fx.as(fx.people.admin);
    const communityId = fx.tree.a.community;
    const white = (await admin.board.categories({ communityId })).filter((c) => c.kind === "white");
    for (const c of white.slice(1))
      await admin.board.setCategory({ communityId, code: c.code, label: "", enabled: false });
    const last = await trpcErrorOf(
      admin.board.setCategory({ communityId, code: white[0]!.code, label: "", enabled: false }),
    );
    expect(errorShapeOf(last, "board.setCategory").data.fieldErrors).toEqual({
      enabled: ["白榜至少保留一个启用的类别"],
    });
    expect((await admin.board.categoryOptions({ communityId })).filter((o) => o.kind === "white")).toEqual([
      { code: white[0]!.code, kind: "white", label: white[0]!.label },
    ]);
  });
});

describe("a switched-off category", () => {
  it("is refused on propose and nominate in that 社区, while entries already made keep showing", async () => {
    await boardWithEntries();
    const admin = await fx.as(fx.people.admin);
    const communityId = fx.tree.a.community;
    await admin.board.setCategory({ communityId, code: "high_throw", label: "", enabled: false });
    await admin.board.setCategory({ communityId, code: "good_deed", label: "身边好人", enabled: false });
    expect(
      (await admin.board.categories({ communityId })).find((c) => c.code === "high_throw"),
    ).toMatchObject({
      enabled: false,
      label: "高空抛物",
    });
    const options = (await (await fx.as(null)).board.categoryOptions({ communityId })).map((o) => o.code);
    expect(options).not.toContain("high_throw");
    expect(options).not.toContain("good_deed");
    expect(options).toContain("litter");

    const worker = await fx.as(fx.people.worker);
    const proposed = await trpcErrorOf(worker.board.propose(proposal(fx.tree.a.courtyard)));
    expect(errorShapeOf(proposed, "board.propose").data.fieldErrors).toEqual({
      category: ["本社区未启用该类别，请重新选择"],
    });
    const resident = await fx.as(fx.people.resident);
    const nominated = await trpcErrorOf(resident.board.nominate(nomination(fx.tree.a.courtyard)));
    expect(errorShapeOf(nominated, "board.nominate").data.fieldErrors).toEqual({
      category: ["本社区未启用该类别，请重新选择"],
    });
    // Nothing was stored by the refused calls.
    expect(await fx.db.selectFrom("board_entry").select("id").execute()).toHaveLength(2);

    // Another 社区 still has them; the 社区's other categories still take entries.
    await (await fx.as(fx.people.workerB)).board.propose(proposal(fx.tree.b.courtyard));
    await (await fx.as(fx.people.residentB)).board.nominate(nomination(fx.tree.b.courtyard));
    await worker.board.propose({ ...proposal(fx.tree.a.courtyard), category: "litter" });

    // Entries made before the switch stay on the board, under the 社区's name.
    const board = await admin.board.publicList({ communityId });
    expect(board.white.map((e) => e.categoryLabel)).toEqual(["身边好人"]);
    expect(board.black.map((e) => e.categoryLabel)).toEqual(["高空抛物"]);

    // Switched on again, it is offered and taken again.
    await admin.board.setCategory({ communityId, code: "high_throw", label: "", enabled: true });
    expect(await worker.board.propose(proposal(fx.tree.a.courtyard))).toMatchObject({ state: "pending" });
  });
});

describe("who may change the categories", () => {
  const change = (communityId: number) => ({
    communityId,
    code: "good_deed" as const,
    label: "身边好人",
    enabled: true,
  });

  it("is refused to another 社区's admin, a grid worker and a resident, and to a visitor", async () => {
    const communityId = fx.tree.a.community;
    for (const [who, expected] of [
      [fx.people.adminB, "FORBIDDEN"],
      [fx.people.worker, "FORBIDDEN"],
      [fx.people.resident, "FORBIDDEN"],
      [null, "UNAUTHORIZED"],
    ] as const) {
      const caller = await fx.as(who);
      expect((await trpcErrorOf(caller.board.setCategory(change(communityId)))).code, String(who)).toBe(
        expected,
      );
      expect((await trpcErrorOf(caller.board.categories({ communityId }))).code, String(who)).toBe(expected);
    }
    expect(await fx.db.selectFrom("board_category").selectAll().execute()).toEqual([]);
    // The street admin above both and 社区 B's own admin may.
    await (await fx.as(fx.people.street)).board.setCategory(change(communityId));
    await (await fx.as(fx.people.adminB)).board.setCategory(change(fx.tree.b.community));
    const rows = await fx.db.selectFrom("board_category").select(["community_id", "label"]).execute();
    expect(rows.map((r) => r.community_id).sort()).toEqual([fx.tree.a.community, fx.tree.b.community].sort());
  });

  it("is about a 社区: another kind of unit is refused on communityId", async () => {
    const admin = await fx.as(fx.people.admin);
    const error = await trpcErrorOf(admin.board.setCategory(change(fx.tree.a.courtyard)));
    expect(errorShapeOf(error, "board.setCategory").data.fieldErrors).toEqual({
      communityId: ["请选择社区"],
    });
    const options = await trpcErrorOf(
      (await fx.as(null)).board.categoryOptions({ communityId: fx.tree.a.courtyard }),
    );
    expect(errorShapeOf(options, "board.categoryOptions").data.fieldErrors).toEqual({
      communityId: ["请选择社区"],
    });
  });
});
