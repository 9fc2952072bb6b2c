import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { servableFile } from "../file-access.js";
import { sessionFor, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { BoardCache } from "./board-cache.js";
import { publicBoard, type BoardBasis } from "./board-public.js";
import { previousMonth } from "./rules.js";
import { makeBoardEdition, makeBoardEntry } from "./test-fixture.js";

// A 黑榜 entry made from a problem, the problem taken through the real moves to 办结: the entry is
// 已整改 with copies of the 整改上报 photos, which the board shows once an admin confirmed them, to
// exactly whom the entry's own photos show.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

/** A resident's 随手拍 of 楼道堆物, dispatched to the grid worker 张伟. */
async function reportedAndDispatched() {
  const { people, tree } = fx;
  const resident = await fx.as(people.resident);
  const { id } = await resident.problem.report({
    courtyardId: tree.a.courtyard,
    place: "3单元楼道",
    description: "楼道里堆满纸箱，挡住了消防栓",
    category: "corridor_clutter",
    photos: [await fx.photo(people.resident)],
  });
  const admin = await fx.as(people.admin);
  await admin.problem.dispatch({ id, assigneeId: people.worker, note: "请尽快清理" });
  return id;
}

/** 张伟's 整改上报 with `n` photos after, then 李秀英's 复查通过; the photos' ids. */
async function fixedAndClosed(problemId: number, n: number) {
  const { people } = fx;
  const worker = await fx.as(people.worker);
  const after = await fx.photos(people.worker, n);
  await worker.problem.submit({ id: problemId, note: "已清理纸箱，楼道畅通", photos: after });
  await (await fx.as(people.admin)).problem.review({ id: problemId, decision: "approve" });
  return after;
}

async function setBlackVisibility(blackVisibility: "public" | "residents") {
  const admin = await fx.as(fx.people.admin);
  const settings = await admin.board.settings({ communityId: fx.tree.a.community });
  await admin.board.setSettings({ ...settings, communityId: fx.tree.a.community, blackVisibility });
}

const sees = async (userId: number | null, fileId: number) =>
  (await servableFile(fx.db, userId === null ? null : await sessionFor(fx.db, userId), fileId, "image")) !==
  null;

describe("a 黑榜 entry made from a problem, when the problem is 办结", () => {
  it("is 已整改 with the 整改上报 photos, shown once an admin confirms them, to whom the entry's own photos show", async () => {
    const { people, tree, db } = fx;
    const problemId = await reportedAndDispatched();
    const worker = await fx.as(people.worker);
    const { id } = await worker.board.propose({
      category: "corridor_clutter",
      courtyardId: tree.a.courtyard,
      title: "3单元楼道堆放纸箱",
      description: "楼道堆物，挡住消防栓。",
      subjectKind: "place",
      problemId,
      photos: [await fx.photo(people.worker)],
    });
    const admin2 = await fx.as(people.admin2);
    await admin2.board.confirmPhotos({ id });
    await admin2.board.approve({ id });
    const [edition] = await admin2.board.editions({ communityId: tree.a.community });
    await admin2.board.publishEdition({ id: edition!.id });
    await setBlackVisibility("public");

    // Two servers' worth of board answers in one cache: each change below must be on the next answer.
    const cache = new BoardCache<BoardBasis>();
    const board = () => publicBoard(db, null, { communityId: tree.a.community }, new Date(), cache);
    expect((await board()).black).toMatchObject([{ id, rectified: false, afterPhotos: [] }]);

    const submitted = await fixedAndClosed(problemId, 2);
    const admin = await fx.as(people.admin);
    const detail = await admin.board.detail({ id });
    expect(detail).toMatchObject({ state: "rectified", photosConfirmed: false });
    expect(detail.afterPhotos).toHaveLength(submitted.length);
    expect(detail.photos).toHaveLength(1);
    const afterIds = detail.afterPhotos.map((p) => p.id);
    // Copies, not the problem's own files: they follow the entry's rule, not the problem's.
    expect(afterIds.some((fileId) => submitted.includes(fileId))).toBe(false);

    // 已整改 shows at once; the photos after wait for an admin's confirmation that no face or plate shows.
    let shown = (await board()).black;
    expect(shown).toMatchObject([{ id, rectified: true, afterPhotos: [] }]);
    expect(shown[0]!.photos).toHaveLength(1);
    expect(await sees(null, afterIds[0]!)).toBe(false);
    expect(await sees(people.resident, afterIds[0]!)).toBe(false);
    expect(await sees(people.admin2, afterIds[0]!)).toBe(true);

    await admin2.board.confirmPhotos({ id });
    shown = (await board()).black;
    expect(shown).toMatchObject([{ id, rectified: true }]);
    expect(shown[0]!.afterPhotos.map((p) => p.id)).toEqual(afterIds);
    expect(await sees(null, afterIds[0]!)).toBe(true);
    expect(await sees(people.residentB, afterIds[1]!)).toBe(true);

    // Residents only (the default): a visitor neither reads the 黑榜 nor gets its photos after.
    await setBlackVisibility("residents");
    expect((await board()).black).toEqual([]);
    expect(await sees(null, afterIds[0]!)).toBe(false);
    expect(await sees(people.residentB, afterIds[0]!)).toBe(false);
    expect(await sees(people.resident, afterIds[0]!)).toBe(true);
    const asResident = await (
      await fx.as(people.resident)
    ).board.publicList({ communityId: tree.a.community });
    expect(asResident.black[0]!.afterPhotos).toHaveLength(2);
  });

  it("lists last month's entry put right under 上期已整改 with its photos after", async () => {
    const { people, tree, db } = fx;
    const problemId = await reportedAndDispatched();
    const thisMonth = chinaToday().slice(0, 7);
    const lastEdition = await makeBoardEdition(db, {
      communityId: tree.a.community,
      month: previousMonth(thisMonth),
      publishedBy: people.admin,
    });
    const id = await makeBoardEntry(db, {
      courtyardId: tree.a.courtyard,
      category: "corridor_clutter",
      proposerId: people.worker,
      state: "published",
      editionId: lastEdition,
      problemId,
      photosConfirmed: true,
    });
    await makeBoardEdition(db, { communityId: tree.a.community, publishedBy: people.admin });
    await fixedAndClosed(problemId, 1);
    const admin = await fx.as(people.admin);
    await admin.board.confirmPhotos({ id });
    const resident = await fx.as(people.resident);
    const board = await resident.board.publicList({ communityId: tree.a.community });
    expect(board.rectifiedLastMonth).toMatchObject([{ id, rectified: true }]);
    expect(board.rectifiedLastMonth[0]!.afterPhotos).toHaveLength(1);
    expect(await sees(people.resident, board.rectifiedLastMonth[0]!.afterPhotos[0]!.id)).toBe(true);
  });

  it("gives no photos to an entry marked 已整改 by hand, nor to one the problem's closing did not move", async () => {
    const { people, tree, db } = fx;
    const problemId = await reportedAndDispatched();
    const editionId = await makeBoardEdition(db, {
      communityId: tree.a.community,
      publishedBy: people.admin,
    });
    const common = {
      courtyardId: tree.a.courtyard,
      category: "corridor_clutter" as const,
      proposerId: people.worker,
      editionId,
      problemId,
      photosConfirmed: true,
    };
    const byHand = await makeBoardEntry(db, { ...common, state: "published" });
    const withdrawn = await makeBoardEntry(db, { ...common, state: "withdrawn" });
    const admin = await fx.as(people.admin);
    const { version } = await admin.board.detail({ id: byHand });
    await admin.board.rectify({ id: byHand, version });
    await fixedAndClosed(problemId, 1);
    expect((await admin.board.detail({ id: byHand })).afterPhotos).toEqual([]);
    expect(await admin.board.detail({ id: withdrawn })).toMatchObject({
      state: "withdrawn",
      afterPhotos: [],
    });
    // A resident may not confirm anything on the board.
    const resident = await fx.as(people.resident);
    expect((await trpcErrorOf(resident.board.confirmPhotos({ id: byHand }))).code).toBe("FORBIDDEN");
  });
});
