import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, makeProblem, sessionFor, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { appealEntry } from "./board-appeals.js";
import { publicBoard } from "./board-public.js";
import { addDays } from "./rules.js";

// The 黑白榜 end to end through the router: a resident's nomination, a 黑榜 entry linked to a resident
// with its notice period and 申诉, the monthly edition, what the public board says of people, and an
// entry that follows its problem to 已整改.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);

/** The resident 刘芳's mobile, as the fixture made her: nothing public may carry it. */
async function residentFacts() {
  const u = await fx.db
    .selectFrom("user")
    .select(["name", "mobile"])
    .where("id", "=", fx.people.resident)
    .executeTakeFirstOrThrow();
  return u;
}

describe("a resident's 推荐身边好人", () => {
  it("waits for review, is approved by an admin into this month's edition, and shows with a masked name until consent", async () => {
    const { as, people, tree } = fx;
    const resident = await as(people.resident);
    const { id } = await resident.board.nominate({
      category: "good_deed",
      courtyardId: tree.a.courtyard,
      title: "帮助独居老人买菜",
      description: "王大爷腿脚不便，张明华每周帮他买菜。",
      subjectKind: "person",
      subjectName: "张明华",
      photos: [await fx.photo(people.resident)],
    });
    expect((await resident.board.mine()).nominations).toMatchObject([{ id, state: "pending" }]);

    const admin = await as(people.admin);
    const queue = await admin.board.list({ state: "pending" });
    expect(queue.items.map((i) => i.id)).toEqual([id]);
    const approved = await admin.board.approve({ id });
    expect(approved).toMatchObject({ state: "published", startDate: chinaToday() });

    // Not on the board before its edition is published.
    const visitor = await as(null);
    expect((await visitor.board.publicList({ communityId: tree.a.community })).edition).toBeNull();
    const [edition] = await admin.board.editions({ communityId: tree.a.community });
    expect(edition).toMatchObject({ month: chinaToday().slice(0, 7), entries: 1, publishedAt: null });
    await admin.board.publishEdition({ id: edition!.id });
    const error = await trpcErrorOf(admin.board.publishEdition({ id: edition!.id }));
    expect(error.code).toBe("CONFLICT");

    const board = await visitor.board.publicList({ communityId: tree.a.community });
    expect(board.white).toMatchObject([{ id, title: "帮助独居老人买菜", subject: "张**" }]);
    expect(board.white[0]!.photos).toHaveLength(1);
    expect(JSON.stringify(board)).not.toContain("张明华");
    expect((await resident.board.mine()).nominations).toMatchObject([{ id, state: "published" }]);

    // With the person's consent recorded, the name shows in full.
    await admin.board.recordConsent({ id });
    expect((await visitor.board.publicList({ communityId: tree.a.community })).white[0]!.subject).toBe(
      "张明华",
    );
    expect(await visitor.board.publicEditions({ communityId: tree.a.community })).toHaveLength(1);
  });

  it("is refused outside the resident's own 社区 and for a 黑榜 category", async () => {
    const resident = await fx.as(fx.people.resident);
    const base = {
      courtyardId: fx.tree.a.courtyard,
      title: "好人好事",
      description: "说明",
      subjectKind: "person" as const,
      subjectName: "李四",
      photos: [],
    };
    const other = await trpcErrorOf(
      resident.board.nominate({ ...base, category: "good_deed", courtyardId: fx.tree.b.courtyard }),
    );
    expect(errorShapeOf(other, "board.nominate").data.fieldErrors).toEqual({
      courtyardId: ["只能推荐本社区的好人好事"],
    });
    const black = await trpcErrorOf(resident.board.nominate({ ...base, category: "corridor_clutter" }));
    expect(errorShapeOf(black, "board.nominate").data.fieldErrors).toEqual({ category: ["请选择白榜类别"] });
  });
});

describe("a 黑榜 entry linked to a resident", () => {
  async function proposed() {
    const { as, people, tree } = fx;
    const worker = await as(people.worker);
    const { id } = await worker.board.propose({
      category: "corridor_clutter",
      courtyardId: tree.a.courtyard,
      title: "3单元楼道堆放杂物",
      description: "3单元2楼楼道长期堆放纸箱，影响消防通道。",
      subjectKind: "place",
      subjectUserId: people.resident,
      photos: [await fx.photo(people.worker)],
    });
    return id;
  }

  it("needs its photos confirmed, tells the person, shows only after the notice period, and never by name", async () => {
    const { as, people, tree } = fx;
    const id = await proposed();
    const admin = await as(people.admin);
    const refused = await trpcErrorOf(admin.board.approve({ id }));
    expect(errorShapeOf(refused, "board.approve").data.fieldErrors).toEqual({
      photos: ["请先确认照片中的人脸、车牌已打码，再通过审核"],
    });
    await admin.board.confirmPhotos({ id });
    const approved = await admin.board.approve({ id });
    const today = chinaToday();
    expect(approved).toMatchObject({ noticeUntil: addDays(today, 3), startDate: addDays(today, 4) });

    // The person is told, with the date to 申诉 by; the proposer (a grid worker) sees the name, staff-only.
    const resident = await as(people.resident);
    const [notice] = (await resident.board.mine()).notices;
    expect(notice).toMatchObject({ id, canAppeal: true, noticeUntil: addDays(today, 3) });
    const { name, mobile } = await residentFacts();
    expect((await (await as(people.worker)).board.detail({ id })).subjectName).toBe(name);

    const [edition] = await admin.board.editions({ communityId: tree.a.community });
    await admin.board.publishEdition({ id: edition!.id });
    const session = await sessionFor(fx.db, people.resident);
    const duringNotice = await publicBoard(fx.db, session, {
      communityId: tree.a.community,
      month: approved.startDate.slice(0, 7),
    });
    expect(duringNotice.black).toEqual([]);

    // After the notice period: residents of the 社区 see it, by place and without a name; visitors not at all.
    const later = inDays(5);
    const month = approved.startDate.slice(0, 7);
    const asResident = await publicBoard(fx.db, session, { communityId: tree.a.community, month }, later);
    expect(asResident.black).toMatchObject([{ id, subject: expect.stringContaining("院") }]);
    const asVisitor = await publicBoard(fx.db, null, { communityId: tree.a.community, month }, later);
    expect(asVisitor.blackVisible).toBe(false);
    expect(asVisitor.black).toEqual([]);
    for (const text of [JSON.stringify(asResident), JSON.stringify(asVisitor)]) {
      expect(text).not.toContain(name);
      expect(text).not.toContain(mobile);
    }
    // Past its end (30 days) it is off the board by itself.
    const afterEnd = await publicBoard(fx.db, session, { communityId: tree.a.community, month }, inDays(40));
    expect(afterEnd.black).toEqual([]);
  });

  it("is appealed by the person within the notice period; an admin other than the proposer decides, and the person is told", async () => {
    const { as, people } = fx;
    const admin = await as(people.admin);
    const { id } = await admin.board.propose({
      category: "flying_wire",
      courtyardId: fx.tree.a.courtyard,
      title: "楼道飞线充电",
      description: "1单元电动车飞线充电。",
      subjectKind: "place",
      subjectUserId: people.resident,
      photos: [],
    });
    // The proposer may not approve their own proposal.
    expect((await trpcErrorOf(admin.board.approve({ id }))).code).toBe("FORBIDDEN");
    const admin2 = await as(people.admin2);
    await admin2.board.approve({ id });

    // Someone not linked may not appeal; the person may, once, within the period.
    const neighbour = await as(people.neighbour);
    expect((await trpcErrorOf(neighbour.board.appeal({ id, reason: "不是我", photos: [] }))).code).toBe(
      "FORBIDDEN",
    );
    const resident = await as(people.resident);
    await resident.board.appeal({
      id,
      reason: "电线是物业的，不是我家的",
      photos: [await fx.photo(people.resident)],
    });
    expect((await admin2.board.detail({ id })).state).toBe("appealing");

    // The proposer may not decide the appeal; the other admin upholds it with a reason.
    expect(
      (await trpcErrorOf(admin.board.decideAppeal({ id, decision: "upheld", reason: "维持" }))).code,
    ).toBe("FORBIDDEN");
    const decided = await admin2.board.decideAppeal({
      id,
      decision: "upheld",
      reason: "现场照片显示电线接自该户",
    });
    expect(decided.state).toBe("published");
    const [notice] = (await resident.board.mine()).notices;
    expect(notice!.appeals).toMatchObject([
      { decision: "upheld", decisionReason: "现场照片显示电线接自该户" },
    ]);
    // One appeal per entry: the decision stands.
    expect(notice!.canAppeal).toBe(false);
    const again = await trpcErrorOf(resident.board.appeal({ id, reason: "还是不同意", photos: [] }));
    expect(again.code).toBe("CONFLICT");
    const inbox = await resident.notification.list({});
    expect(inbox.items.map((n) => n.kind)).toEqual(
      expect.arrayContaining(["board_notice", "board_appeal_decided"]),
    );
  });

  it("refuses an appeal after the notice period", async () => {
    const id = await proposed();
    const admin = await fx.as(fx.people.admin);
    await admin.board.confirmPhotos({ id });
    await admin.board.approve({ id });
    const session = await sessionFor(fx.db, fx.people.resident);
    await expect(appealEntry(fx.db, session, { id, reason: "晚了", photos: [] }, inDays(4))).rejects.toThrow(
      /申诉期已过/,
    );
  });
});

describe("a 黑榜 entry made from a problem", () => {
  it("becomes 已整改 when the problem is 办结, and shows that it was put right", async () => {
    const { as, people, tree, db } = fx;
    const problem = await makeProblem(db, {
      courtyardId: tree.a.courtyard,
      state: "reviewing",
      assigneeId: people.worker,
    });
    const worker = await as(people.worker);
    const { id } = await worker.board.propose({
      category: "random_piling",
      courtyardId: tree.a.courtyard,
      title: "院内乱堆建筑垃圾",
      description: "2号楼前堆放装修垃圾。",
      subjectKind: "place",
      problemId: problem,
      photos: [],
    });
    const admin = await as(people.admin);
    await admin.board.approve({ id });
    const [edition] = await admin.board.editions({ communityId: tree.a.community });
    await admin.board.publishEdition({ id: edition!.id });
    await admin.problem.review({ id: problem, decision: "approve" });
    expect((await admin.board.detail({ id })).state).toBe("rectified");
    const board = await (await as(people.resident)).board.publicList({ communityId: tree.a.community });
    expect(board.black).toMatchObject([{ id, rectified: true }]);
  });
});

describe("bad input", () => {
  it("names the field: an end date before the start, a 黑榜 longer than 30 days, a start in the past", async () => {
    const { as, people, tree } = fx;
    const worker = await as(people.worker);
    const { id } = await worker.board.propose({
      category: "posters",
      courtyardId: tree.a.courtyard,
      title: "单元门小广告",
      description: "单元门贴满小广告。",
      subjectKind: "place",
      photos: [],
    });
    const admin = await as(people.admin);
    const today = chinaToday();
    const cases: Array<[Parameters<typeof admin.board.approve>[0], Record<string, string[]>]> = [
      [
        { id, startDate: addDays(today, 2), endDate: addDays(today, 1) },
        { endDate: ["公示结束日期不能早于开始日期"] },
      ],
      [{ id, endDate: addDays(today, 40) }, { endDate: ["黑榜公示期最长30天"] }],
      [{ id, startDate: addDays(today, -1) }, { startDate: ["公示开始日期不能早于今天"] }],
      [{ id, endDate: "2026-02-30" }, { endDate: ["公示结束日期格式不正确，应为 年-月-日"] }],
    ];
    for (const [input, fieldErrors] of cases) {
      const error = await trpcErrorOf(admin.board.approve(input));
      expect(errorShapeOf(error, "board.approve").data.fieldErrors).toEqual(fieldErrors);
    }
    expect((await admin.board.detail({ id })).state).toBe("pending");
  });

  it("refuses a grid worker outside their 网格 and an admin of another 社区", async () => {
    const { as, people, tree, courtyard2 } = fx;
    const worker = await as(people.worker);
    const entry = {
      category: "litter" as const,
      title: "乱扔垃圾",
      description: "说明",
      subjectKind: "place" as const,
      photos: [],
    };
    expect((await trpcErrorOf(worker.board.propose({ ...entry, courtyardId: courtyard2 }))).code).toBe(
      "FORBIDDEN",
    );
    const { id } = await worker.board.propose({ ...entry, courtyardId: tree.a.courtyard });
    const adminB = await as(people.adminB);
    expect((await trpcErrorOf(adminB.board.approve({ id }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(adminB.board.detail({ id }))).code).toBe("FORBIDDEN");
    expect((await adminB.board.list({})).items).toEqual([]);
  });
});
