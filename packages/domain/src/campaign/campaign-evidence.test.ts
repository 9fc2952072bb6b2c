import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeDocumentRow,
  makeFileRow,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { servableDocument, servableFile } from "../file-access.js";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { campaignPeople, chinaTime, monthBack, periodFrom } from "./test-fixture.js";

// Filing evidence under an item: who may (the copy's admins for any item, a grid worker for the items
// given to them), what is refused by field, who sees its photos, and records confirmed or removed.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;
let items: { lecture: number; board: number; charter: number };

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  const street = await fx.as(fx.people.street);
  const period = periodFrom(2);
  ({ id: campaignId } = await street.campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    scopeUnitId: fx.tree.street,
  }));
  const copyA = await street.campaign.checklist({ campaignId, communityId: fx.tree.a.community });
  const id = (content: string) => copyA.find((i) => i.content === content)!.id;
  items = { lecture: id("道德讲堂"), board: id("宣传栏更新"), charter: id("居民公约公示") };
});

const photoOf = (userId: number) => makeFileRow(db, userId);
const evidence = async (userId: number, itemId: number, extra: Record<string, unknown> = {}) => ({
  itemId,
  kind: "photo" as const,
  title: "居民公约上墙照片",
  date: chinaToday(),
  note: "东门宣传栏",
  photos: [await photoOf(userId)],
  ...extra,
});

describe("filing evidence", () => {
  it("files a photo with its title, date and note, listed with who filed it; withdrawn, its photos detached", async () => {
    const admin = await fx.as(fx.people.adminA);
    const filed = await admin.campaign.addEvidence(await evidence(fx.people.adminA, items.charter));
    expect(filed.photos).toHaveLength(1);
    const detail = await admin.campaign.evidence({ itemId: items.charter });
    expect(detail.mayFile).toBe(true);
    expect(detail.evidence).toEqual([
      expect.objectContaining({
        id: filed.id,
        kind: "photo",
        title: "居民公约上墙照片",
        date: chinaToday(),
        note: "东门宣传栏",
        createdBy: { id: fx.people.adminA, name: "李秀英" },
        photos: [expect.objectContaining({ id: filed.photos[0]!.id, url: `/files/${filed.photos[0]!.id}` })],
      }),
    ]);
    expect(detail.item.readiness).toMatchObject({ readiness: "complete", present: ["photo"] });
    // This item has no target: nothing of the system is proposed.
    expect(detail.links).toEqual([]);

    expect(await admin.campaign.removeEvidence({ id: filed.id })).toEqual({ removed: true });
    expect((await admin.campaign.evidence({ itemId: items.charter })).evidence).toEqual([]);
    const file = await db
      .selectFrom("file")
      .select(["owner_type", "owner_id"])
      .where("id", "=", filed.photos[0]!.id)
      .executeTakeFirstOrThrow();
    expect(file).toEqual({ owner_type: null, owner_id: null });
    expect((await trpcErrorOf(admin.campaign.removeEvidence({ id: filed.id }))).code).toBe("NOT_FOUND");
  });

  it("files a document alone (a 总结 as PDF), lists it by name, and withdraws it with the evidence", async () => {
    const admin = await fx.as(fx.people.adminA);
    const documentId = await makeDocumentRow(db, fx.people.adminA, "居民公约修订说明.pdf");
    const filed = await admin.campaign.addEvidence({
      ...(await evidence(fx.people.adminA, items.charter)),
      photos: [],
      documents: [documentId],
    });
    expect(filed.documents).toEqual([
      {
        id: documentId,
        name: "居民公约修订说明.pdf",
        mime: "application/pdf",
        byteSize: 2048,
        url: `/documents/${documentId}`,
      },
    ]);
    const [listed] = (await admin.campaign.evidence({ itemId: items.charter })).evidence;
    expect(listed!.photos).toEqual([]);
    expect(listed!.documents.map((d) => d.name)).toEqual(["居民公约修订说明.pdf"]);
    const sees = async (userId: number | null) =>
      (await servableDocument(db, userId === null ? null : await sessionFor(db, userId), documentId)) !==
      null;
    expect(await sees(fx.people.street)).toBe(true);
    expect(await sees(fx.people.workerA)).toBe(true);
    expect(await sees(fx.people.adminB)).toBe(false);
    expect(await sees(null)).toBe(false);
    // Someone else's upload is not theirs to file; neither a photo nor a document is nothing.
    const fieldErrors = async (input: Record<string, unknown>) =>
      errorShapeOf(
        await trpcErrorOf(
          admin.campaign.addEvidence(input as Parameters<typeof admin.campaign.addEvidence>[0]),
        ),
        "campaign.addEvidence",
      ).data.fieldErrors;
    const good = await evidence(fx.people.adminA, items.charter);
    expect(await fieldErrors({ ...good, documents: [await makeDocumentRow(db, fx.people.adminB)] })).toEqual({
      documents: ["文件不存在或已过期（上传后须在 24 小时内提交），请重新上传"],
    });
    expect(await fieldErrors({ ...good, photos: [], documents: [] })).toEqual({
      photos: ["请至少上传一张照片或一份文件"],
    });
    expect(await fieldErrors({ ...good, documents: [1, 1] })).toEqual({
      documents: ["同一份文件只能添加一次"],
    });
    await admin.campaign.removeEvidence({ id: filed.id });
    const row = await db
      .selectFrom("document")
      .select("owner_id")
      .where("id", "=", documentId)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
  });

  it("shows its photos to whoever reads that 社区's copy, and to nobody else", async () => {
    const admin = await fx.as(fx.people.adminA);
    const filed = await admin.campaign.addEvidence(await evidence(fx.people.adminA, items.charter));
    const fileId = filed.photos[0]!.id;
    const sees = async (userId: number | null) =>
      (await servableFile(db, userId === null ? null : await sessionFor(db, userId), fileId, "thumb")) !==
      null;
    expect(await sees(fx.people.workerA)).toBe(true);
    expect(await sees(fx.people.street)).toBe(true);
    expect(await sees(fx.people.adminB)).toBe(false);
    expect(await sees(fx.people.workerB)).toBe(false);
    expect(await sees(fx.people.resident)).toBe(false);
    expect(await sees(null)).toBe(false);
  });

  it("lets a grid worker file only for the items given to them", async () => {
    const worker = await fx.as(fx.people.workerA);
    const refused = await trpcErrorOf(
      worker.campaign.addEvidence(await evidence(fx.people.workerA, items.charter)),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect((await worker.campaign.evidence({ itemId: items.charter })).mayFile).toBe(false);

    await (
      await fx.as(fx.people.adminA)
    ).campaign.assignItem({ id: items.charter, assigneeUserId: fx.people.workerA });
    const filed = await worker.campaign.addEvidence(await evidence(fx.people.workerA, items.charter));
    const mine = await worker.campaign.evidence({ itemId: items.charter });
    expect(mine.mayFile).toBe(true);
    expect(mine.item.assignee).toEqual({ id: fx.people.workerA, name: "张伟" });
    // Another grid worker of the same 社区 reads it, but may not withdraw it.
    const other = await fx.as(fx.people.workerA2);
    expect((await other.campaign.evidence({ itemId: items.charter })).evidence).toHaveLength(1);
    expect((await trpcErrorOf(other.campaign.removeEvidence({ id: filed.id }))).code).toBe("FORBIDDEN");
    // Still not for an item not given to them.
    const lecture = await trpcErrorOf(
      worker.campaign.addEvidence(await evidence(fx.people.workerA, items.lecture, { kind: "plan" })),
    );
    expect(lecture.code).toBe("FORBIDDEN");
    expect(await worker.campaign.removeEvidence({ id: filed.id })).toEqual({ removed: true });
  });

  it("is refused to another 社区's admin and grid worker, and to residents", async () => {
    for (const who of [fx.people.adminB, fx.people.workerB, fx.people.resident]) {
      const caller = await fx.as(who);
      expect((await trpcErrorOf(caller.campaign.addEvidence(await evidence(who, items.charter)))).code).toBe(
        "FORBIDDEN",
      );
      expect((await trpcErrorOf(caller.campaign.evidence({ itemId: items.charter }))).code).toBe("FORBIDDEN");
    }
    const admin = await fx.as(fx.people.adminA);
    const filed = await admin.campaign.addEvidence(await evidence(fx.people.adminA, items.charter));
    expect(
      (await trpcErrorOf((await fx.as(fx.people.adminB)).campaign.removeEvidence({ id: filed.id }))).code,
    ).toBe("FORBIDDEN");
    expect(await db.selectFrom("campaign_evidence").select("id").execute()).toHaveLength(1);
  });

  it("refuses bad input by field: a kind the item does not need, a future date, no photos, no title, another's upload", async () => {
    const admin = await fx.as(fx.people.adminA);
    const fieldErrors = async (input: Record<string, unknown>) =>
      errorShapeOf(
        await trpcErrorOf(
          admin.campaign.addEvidence(input as Parameters<typeof admin.campaign.addEvidence>[0]),
        ),
        "campaign.addEvidence",
      ).data.fieldErrors;
    const good = await evidence(fx.people.adminA, items.charter);
    expect(await fieldErrors({ ...good, kind: "summary" })).toEqual({ kind: ["该项目需要的材料为：图片"] });
    expect(await fieldErrors({ ...good, kind: "video" })).toEqual({ kind: ["请选择材料类型"] });
    expect(await fieldErrors({ ...good, date: addDays(chinaToday(), 1) })).toEqual({
      date: ["材料日期不能晚于今天"],
    });
    expect(await fieldErrors({ ...good, date: "2027-02-30" })).toEqual({
      date: ["材料日期格式不正确，应为 年-月-日"],
    });
    expect(await fieldErrors({ ...good, photos: [] })).toEqual({ photos: ["请至少上传一张照片或一份文件"] });
    expect(await fieldErrors({ ...good, title: " " })).toEqual({ title: ["请填写材料名称"] });
    expect(await fieldErrors({ ...good, photos: [await photoOf(fx.people.adminB)] })).toEqual({
      photos: ["照片不存在或已过期（上传后须在 24 小时内提交），请重新上传"],
    });
    expect(await db.selectFrom("campaign_evidence").select("id").execute()).toEqual([]);
  });
});

describe("records proposed as evidence", () => {
  it("confirms and removes a proposed activity; refuses another 社区's, another kind's, and the wrong type", async () => {
    const admin = await fx.as(fx.people.adminA);
    const m1 = monthBack(1);
    const lecture = (
      communityId: number,
      day: number,
      kind: "moral_lecture" | "culture_sports" = "moral_lecture",
    ) =>
      makeActivity(db, {
        communityId,
        kind,
        title: "道德讲堂",
        startsAt: chinaTime(m1, day),
        endsAt: chinaTime(m1, day, 12),
      });
    const held = await lecture(fx.tree.a.community, 3);
    const inB = await lecture(fx.tree.b.community, 4);
    const otherKind = await lecture(fx.tree.a.community, 5, "culture_sports");
    // Not yet held: not proposed.
    await makeActivity(db, {
      communityId: fx.tree.a.community,
      kind: "moral_lecture",
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    });
    const links = async () => (await admin.campaign.evidence({ itemId: items.lecture })).links;
    expect((await links()).map((l) => [l.recordId, l.state, l.kinds])).toEqual([
      [held, "proposed", ["record", "photo"]],
    ]);

    const link = { itemId: items.lecture, recordType: "activity" as const, recordId: held };
    expect(await admin.campaign.confirmLink(link)).toEqual({ state: "confirmed" });
    expect((await links())[0]).toMatchObject({
      state: "confirmed",
      decidedBy: { id: fx.people.adminA, name: "李秀英" },
    });
    expect(await admin.campaign.removeLink(link)).toEqual({ state: "removed" });
    expect((await links())[0]).toMatchObject({ state: "removed" });
    expect((await admin.campaign.evidence({ itemId: items.lecture })).item.readiness.present).toEqual([]);
    expect(await admin.campaign.confirmLink(link)).toEqual({ state: "confirmed" });

    const fieldErrors = async (input: Parameters<typeof admin.campaign.confirmLink>[0]) =>
      errorShapeOf(await trpcErrorOf(admin.campaign.confirmLink(input)), "campaign.confirmLink").data
        .fieldErrors;
    const notOurs = { recordId: ["该记录不是本社区在创城活动期内的记录，不能作为佐证"] };
    expect(await fieldErrors({ ...link, recordId: inB })).toEqual(notOurs);
    expect(await fieldErrors({ ...link, recordId: otherKind })).toEqual(notOurs);
    expect(await fieldErrors({ ...link, recordType: "problem" })).toEqual({
      recordType: ["该项目只关联活动记录"],
    });
    expect(await fieldErrors({ ...link, itemId: items.charter })).toEqual({
      recordType: ["该项目没有可关联的系统记录"],
    });

    // A grid worker not given the item may read the proposals but not decide; another 社区's admin neither.
    const worker = await fx.as(fx.people.workerA);
    expect((await trpcErrorOf(worker.campaign.removeLink(link))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await fx.as(fx.people.adminB)).campaign.removeLink(link))).code).toBe(
      "FORBIDDEN",
    );

    // An item with a confirmed record is archived, not deleted, when taken off the checklist.
    expect(await admin.campaign.removeItem({ id: items.lecture })).toEqual({ archived: true });
  });
});
