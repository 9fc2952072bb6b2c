import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { maskMobile } from "../auth/rules.js";
import { attachFiles } from "../files/files-service.js";
import { removeUnattachedFiles } from "../files/files-cleanup.js";
import { auditRows, sessionFor } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { publicBoard } from "./board-public.js";
import { eraseExpiredBoardEntries } from "./board-retention.js";
import { makeBoardAppeal, makeBoardEdition, makeBoardEntry, type BoardEntryOptions } from "./test-fixture.js";
import { DEFAULT_BOARD_SETTINGS, ERASED_TEXT, addDays } from "./rules.js";

// The retention period of the 黑榜: past it, an entry's personal data goes (name, linked account, text,
// reasons, photos, and what its audit rows said), its anonymous facts stay, and nothing else is touched.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);
/** Noon in Beijing of a China date: a `now` whose chinaToday is that date. */
const chinaNoon = (date: string) => new Date(`${date}T04:00:00.000Z`);

async function resident() {
  return fx.db
    .selectFrom("user")
    .select(["name", "mobile"])
    .where("id", "=", fx.people.resident)
    .executeTakeFirstOrThrow();
}

async function categoryCounts() {
  const rows = await fx.db
    .selectFrom("board_entry")
    .select(["kind", "category", "state", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy(["kind", "category", "state"])
    .orderBy("kind")
    .orderBy("category")
    .orderBy("state")
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

const entryRow = (id: number) =>
  fx.db.selectFrom("board_entry").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const filesOwnedBy = (ownerType: string, ownerIds: number[]) =>
  fx.db
    .selectFrom("file")
    .select(["id", "owner_type", "owner_id"])
    .where("owner_type", "=", ownerType as "board_entry")
    .where("owner_id", "in", ownerIds.length > 0 ? ownerIds : [-1])
    .execute();

/** A 黑榜 entry in 社区 A (or `courtyardId`) as if it had come that far; see test-fixture.ts. */
const black = (opts: Partial<BoardEntryOptions> = {}) =>
  makeBoardEntry(fx.db, {
    courtyardId: fx.tree.a.courtyard,
    category: "corridor_clutter",
    proposerId: fx.people.worker,
    state: "published",
    title: "王建军家门口堆物",
    description: "王建军在3单元楼道堆放纸箱。",
    subjectName: "王建军",
    ...opts,
  });

/** `userId`'s upload attached to the entry (its photos), the way the feature attaches them. */
async function photoOn(entryId: number, userId = fx.people.worker) {
  const id = await fx.photo(userId);
  await attachFiles(fx.db, {
    fileIds: [id],
    ownerType: "board_entry",
    ownerId: entryId,
    actorUserId: userId,
  });
  return id;
}

describe("eraseExpiredBoardEntries", () => {
  it("erases a 黑榜 entry past its retention: name, linked account, text, reasons, photos and appeal, keeping the counts", async () => {
    const { as, db, people, tree } = fx;
    const worker = await as(people.worker);
    const admin = await as(people.admin);
    const me = await as(people.resident);
    const { name, mobile } = await resident();

    // Through the procedures: proposed naming 刘芳, a photo masked (its original kept for staff),
    // approved, appealed with a photo, upheld, then taken down, every reason naming her.
    const taken = await fx.photo(people.worker);
    const { id } = await worker.board.propose({
      category: "corridor_clutter",
      courtyardId: tree.a.courtyard,
      title: `${name}家门口堆物`,
      description: `${name}（${mobile}）在3单元楼道堆放纸箱。`,
      subjectKind: "place",
      subjectUserId: people.resident,
      photos: [taken],
    });
    const masked = await admin.board.mosaicPhoto({
      id,
      fileId: taken,
      regions: [{ x: 0, y: 0, width: 0.5, height: 0.5 }],
    });
    await admin.board.confirmPhotos({ id });
    await admin.board.approve({ id });
    const appealPhoto = await fx.photo(people.resident);
    const { appealId } = await me.board.appeal({
      id,
      reason: `我是${name}，纸箱不是我家的`,
      photos: [appealPhoto],
    });
    await admin.board.decideAppeal({ id, decision: "upheld", reason: `${name}家的纸箱，现场照片属实` });
    await admin.board.withdraw({ id, reason: `${name}已清理干净` });
    const beforeCounts = await categoryCounts();
    const before = await entryRow(id);
    expect(before).toMatchObject({ subject_user_id: people.resident, subject_name: name, erased_at: null });

    // A year after it came off, a day short: nothing yet.
    expect(await eraseExpiredBoardEntries(db, inDays(365))).toEqual({
      entries: 0,
      appeals: 0,
      photos: 0,
      auditRows: 0,
    });
    const later = inDays(367);
    expect(await eraseExpiredBoardEntries(db, later)).toEqual({
      entries: 1,
      appeals: 1,
      // the masked photo, the original and the appeal's photo
      photos: 3,
      // the decision's reason and the 撤榜 reason
      auditRows: 2,
    });

    const after = await entryRow(id);
    expect(after).toMatchObject({
      title: "楼道堆物（个人信息已按保存期限删除）",
      description: ERASED_TEXT,
      subject_name: null,
      subject_user_id: null,
      subject_volunteer_id: null,
      consent_by: null,
      consent_at: null,
      erased_at: later.toISOString(),
      version: before.version + 1,
    });
    // The anonymous facts stay: what, where, when, how it ended.
    for (const key of [
      "kind",
      "category",
      "community_id",
      "courtyard_id",
      "building_id",
      "state",
      "edition_id",
      "start_date",
      "end_date",
      "withdrawn_at",
      "source",
    ] as const)
      expect(after[key], key).toEqual(before[key]);
    expect(await categoryCounts()).toEqual(beforeCounts);

    const appeal = await db
      .selectFrom("board_appeal")
      .selectAll()
      .where("id", "=", appealId)
      .executeTakeFirstOrThrow();
    expect(appeal).toMatchObject({
      reason: ERASED_TEXT,
      decision: "upheld",
      decision_reason: ERASED_TEXT,
      appellant_user_id: null,
      decided_by: people.admin,
    });

    // The photos are off the entry and the appeal, and the files cleanup then removes them.
    expect(await filesOwnedBy("board_entry", [id])).toEqual([]);
    expect(await filesOwnedBy("board_entry_original", [id])).toEqual([]);
    expect(await filesOwnedBy("board_appeal", [appealId])).toEqual([]);
    await removeUnattachedFiles(db, fx.storage, later);
    const left = await db
      .selectFrom("file")
      .select("id")
      .where("id", "in", [taken, masked.id, appealPhoto])
      .execute();
    expect(left).toEqual([]);

    // The audit rows about the entry keep what happened, not what was said; the erasure is one more,
    // by nobody, holding nothing.
    const rows = (await auditRows(db)).filter(
      (r) => r.target_type === "board_entry" && r.target_id === String(id),
    );
    expect(rows.map((r) => r.action)).toEqual([
      "board.propose",
      "board.mosaic_photo",
      "board.confirm_photos",
      "board.approve",
      "board.decide_appeal",
      "board.withdraw",
      "board.erase",
    ]);
    expect(rows.find((r) => r.action === "board.decide_appeal")!.after).toEqual({
      decision: "维持",
      reason: ERASED_TEXT,
    });
    expect(rows.find((r) => r.action === "board.withdraw")!.after).toEqual({ reason: ERASED_TEXT });
    expect(rows.at(-1)).toMatchObject({
      actor_id: null,
      org_unit_id: tree.a.community,
      before: null,
      after: null,
    });

    // Nothing the board keeps of the entry names her any more.
    const kept = JSON.stringify([after, appeal, rows]);
    expect(kept).not.toContain(name);
    expect(kept).not.toContain(mobile);
    expect(kept).not.toContain(maskMobile(mobile));
  });

  it("leaves alone a 黑榜 entry within its retention, a 白榜 entry, one still on the board and one still in the process", async () => {
    const now = inDays(0);
    const today = chinaToday(now);
    const within = await black({ startDate: addDays(today, -130), endDate: addDays(today, -100) });
    const white = await makeBoardEntry(fx.db, {
      courtyardId: fx.tree.a.courtyard,
      category: "good_deed",
      proposerId: fx.people.worker,
      state: "published",
      subjectName: "张明华",
      startDate: addDays(today, -830),
      endDate: addDays(today, -800),
    });
    const up = await black({ startDate: addDays(today, -5), endDate: addDays(today, 10) });
    const appealing = await black({
      state: "appealing",
      subjectUserId: fx.people.resident,
      startDate: addDays(today, -830),
      endDate: addDays(today, -800),
    });
    await makeBoardAppeal(fx.db, { entryId: appealing, appellantId: fx.people.resident });
    const draft = await black({ state: "draft" });
    const pending = await black({ state: "pending" });
    for (const id of [within, white, up, appealing]) await photoOn(id);
    const past = await black({ startDate: addDays(today, -430), endDate: addDays(today, -400) });
    const untouched = [within, white, up, appealing, draft, pending];
    const rowsOf = (ids: number[]) =>
      fx.db.selectFrom("board_entry").selectAll().where("id", "in", ids).orderBy("id").execute();
    const before = await rowsOf(untouched);
    const appealsBefore = await fx.db.selectFrom("board_appeal").selectAll().execute();
    const photosBefore = await filesOwnedBy("board_entry", untouched);

    expect((await eraseExpiredBoardEntries(fx.db, now)).entries).toBe(1);
    expect((await entryRow(past)).erased_at).toBe(now.toISOString());
    expect(await rowsOf(untouched)).toEqual(before);
    expect(await fx.db.selectFrom("board_appeal").selectAll().execute()).toEqual(appealsBefore);
    expect(await filesOwnedBy("board_entry", untouched)).toEqual(photosBefore);
    expect(photosBefore).toHaveLength(4);
  });

  it("erases sooner in a 社区 that keeps personal data 30 days than in one keeping the default year", async () => {
    const { as, people, tree } = fx;
    await (
      await as(people.admin)
    ).board.setSettings({ ...DEFAULT_BOARD_SETTINGS, communityId: tree.a.community, retentionDays: 30 });
    const today = chinaToday();
    const ended = { startDate: addDays(today, -80), endDate: addDays(today, -60) };
    const inA = await black(ended);
    const inB = await black({ ...ended, courtyardId: tree.b.courtyard, proposerId: people.workerB });
    // Taken down today and rejected today: past 30 days 31 days on.
    const withdrawn = await black({ state: "withdrawn", startDate: today, endDate: addDays(today, 29) });
    const rejected = await black({ state: "rejected", startDate: null, endDate: null });

    expect((await eraseExpiredBoardEntries(fx.db, inDays(30))).entries).toBe(1);
    expect((await entryRow(inA)).erased_at).not.toBeNull();
    expect((await entryRow(withdrawn)).erased_at).toBeNull();
    expect((await eraseExpiredBoardEntries(fx.db, inDays(31))).entries).toBe(2);
    expect((await entryRow(withdrawn)).erased_at).not.toBeNull();
    expect((await entryRow(rejected)).erased_at).not.toBeNull();
    expect(await entryRow(rejected)).toMatchObject({ reject_reason: ERASED_TEXT, state: "rejected" });
    // 社区 B keeps the default year: 60 days past the end is not enough, 366 is.
    expect((await entryRow(inB)).erased_at).toBeNull();
    expect((await eraseExpiredBoardEntries(fx.db, inDays(305))).entries).toBe(0);
    expect((await eraseExpiredBoardEntries(fx.db, inDays(306))).entries).toBe(1);
    expect((await entryRow(inB)).erased_at).not.toBeNull();
  });

  it("erases nothing the second time it runs", async () => {
    const today = chinaToday();
    const id = await black({ startDate: addDays(today, -430), endDate: addDays(today, -400) });
    await photoOn(id);
    const first = await eraseExpiredBoardEntries(fx.db);
    expect(first).toMatchObject({ entries: 1, photos: 1 });
    const row = await entryRow(id);
    const audit = await auditRows(fx.db);
    expect(await eraseExpiredBoardEntries(fx.db)).toEqual({
      entries: 0,
      appeals: 0,
      photos: 0,
      auditRows: 0,
    });
    expect(await entryRow(id)).toEqual(row);
    expect(await auditRows(fx.db)).toEqual(audit);
  });

  it("erases in batches, each whole or not at all: a failure in the second leaves the first done and the rest as they were", async () => {
    const today = chinaToday();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await black({ startDate: addDays(today, -430), endDate: addDays(today, -400 + i) });
      await photoOn(id);
      ids.push(id);
    }
    // The third audit row written fails: the second batch's first erase row (two per batch).
    let inserts = 0;
    const crashing = fx.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "InsertQueryNode" && ++inserts === 3) throw new Error("disk full");
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    await expect(eraseExpiredBoardEntries(crashing, undefined, { batch: 2 })).rejects.toThrow("disk full");
    const erased = async () =>
      (
        await fx.db
          .selectFrom("board_entry")
          .select("id")
          .where("erased_at", "is not", null)
          .orderBy("id")
          .execute()
      ).map((r) => r.id);
    expect(await erased()).toEqual(ids.slice(0, 2));
    const rest = ids.slice(2);
    expect((await filesOwnedBy("board_entry", rest)).map((f) => f.owner_id)).toEqual(rest);
    for (const id of rest)
      expect(await entryRow(id)).toMatchObject({ subject_name: "王建军", title: "王建军家门口堆物" });
    expect((await auditRows(fx.db)).filter((r) => r.action === "board.erase")).toHaveLength(2);

    expect(await eraseExpiredBoardEntries(fx.db, undefined, { batch: 2 })).toMatchObject({
      entries: 3,
      photos: 3,
    });
    expect(await erased()).toEqual(ids);
    expect(
      (await auditRows(fx.db)).filter((r) => r.action === "board.erase").map((r) => Number(r.target_id)),
    ).toEqual(ids);
  });

  it("leaves nothing of the person on the public board, the console's list and detail, or the resident's own page", async () => {
    const { as, db, people, tree } = fx;
    const { name, mobile } = await resident();
    await (
      await as(people.admin)
    ).board.setSettings({
      ...DEFAULT_BOARD_SETTINGS,
      communityId: tree.a.community,
      blackVisibility: "public",
      blackNameDisplay: "masked",
      retentionDays: 30,
    });
    // Last month's 黑榜 entry, put right 38 days ago, linked to 刘芳 with her name in its text and an
    // appeal of hers: listed under 上期已整改 on this month's board until it is erased.
    const now = chinaNoon("2027-03-20");
    const lastMonth = await makeBoardEdition(db, {
      communityId: tree.a.community,
      month: "2027-02",
      publishedBy: people.admin,
    });
    await makeBoardEdition(db, {
      communityId: tree.a.community,
      month: "2027-03",
      publishedBy: people.admin,
    });
    const id = await black({
      state: "rectified",
      title: `${name}楼道堆物`,
      description: `${name}（${mobile}）在楼道堆放纸箱，已清理。`,
      subjectName: name,
      subjectUserId: people.resident,
      editionId: lastMonth,
      startDate: "2027-02-01",
      endDate: "2027-02-10",
    });
    await photoOn(id);
    await makeBoardAppeal(db, {
      entryId: id,
      appellantId: people.resident,
      reason: `我是${name}，已经清理了`,
    });
    const visitorBoard = () => publicBoard(db, null, { communityId: tree.a.community }, now);
    expect((await visitorBoard()).rectifiedLastMonth.map((e) => e.id)).toEqual([id]);
    const me = await as(people.resident);
    expect((await me.board.mine()).notices.map((n) => n.id)).toEqual([id]);

    expect((await eraseExpiredBoardEntries(db, now)).entries).toBe(1);

    const board = await visitorBoard();
    expect(board.rectifiedLastMonth).toEqual([]);
    const residentBoard = await publicBoard(
      db,
      await sessionFor(db, people.resident),
      { communityId: tree.a.community },
      now,
    );
    const admin = await as(people.admin);
    const list = await admin.board.list({ page: 1, pageSize: 50 });
    expect(list.items.find((i) => i.id === id)).toMatchObject({
      title: "楼道堆物（个人信息已按保存期限删除）",
      subjectName: null,
    });
    const detail = await admin.board.detail({ id });
    expect(detail).toMatchObject({ subjectName: null, linkedResident: false, photos: [] });
    expect(detail.appeals).toMatchObject([{ reason: ERASED_TEXT, photos: [] }]);
    const mine = await me.board.mine();
    expect(mine.notices).toEqual([]);
    const surname = name.slice(0, 1);
    for (const answer of [board, residentBoard, list, detail, mine]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(name);
      expect(text).not.toContain(`${surname}*`);
      expect(text).not.toContain(maskMobile(mobile));
    }
  });
});
