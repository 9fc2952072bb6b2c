import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { callerFor, createTestDb, errorShapeOf, trpcErrorOf } from "../testing/index.js";
import { campaignPeople } from "./test-fixture.js";
import { COMMUNITY_TEMPLATE } from "./community-template.js";

// Campaigns through the router: a street's campaign gives each 社区 its own copy of the template, each
// 社区 edits only its copy, the stage moves a step at a time, and bad input is refused by field.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof campaignPeople>>["tree"];
let people: Awaited<ReturnType<typeof campaignPeople>>["people"];

beforeEach(async () => {
  db = await createTestDb();
  ({ tree, people } = await campaignPeople(db));
});

const as = (userId: number) => callerFor(db, userId);
const fields = {
  name: "2027年创建全国文明城市",
  kind: "national_civilized_city" as const,
  periodStart: "2027-01-01",
  periodEnd: "2027-12-31",
};
const item = {
  project: "宣传氛围",
  content: "楼道文明提示",
  standard: "每个单元门口张贴文明提示。",
  method: "field" as const,
  points: 2,
  evidence: ["photo" as const, "photo" as const],
};

async function streetCampaign() {
  return (await as(people.street)).campaign.create({ ...fields, scopeUnitId: tree.street });
}

describe("a street's campaign", () => {
  it("gives each of its 社区 a copy of the template, seen by that 社区's staff and the street", async () => {
    const created = await streetCampaign();
    expect(created).toMatchObject({ copies: 2, items: COMMUNITY_TEMPLATE.length });

    const adminA = await as(people.adminA);
    expect((await adminA.campaign.list()).map((c) => [c.name, c.scope.kind])).toEqual([
      ["2027年创建全国文明城市", "street"],
    ]);
    const detail = await adminA.campaign.detail({ id: created.id });
    expect(detail.communities.map((c) => c.id)).toEqual([tree.a.community, tree.b.community]);
    expect(detail.stage).toBe("preparing");

    const copyA = await adminA.campaign.checklist({ campaignId: created.id, communityId: tree.a.community });
    expect(copyA.map((i) => i.content)).toEqual(COMMUNITY_TEMPLATE.map((t) => t.content));
    expect(copyA.map((i) => i.sort)).toEqual(COMMUNITY_TEMPLATE.map((_, i) => i + 1));
    // The grid worker of A reads A's copy; nobody of A reads B's.
    const worker = await as(people.workerA);
    expect(
      await worker.campaign.checklist({ campaignId: created.id, communityId: tree.a.community }),
    ).toHaveLength(COMMUNITY_TEMPLATE.length);
    for (const who of [adminA, worker]) {
      const error = await trpcErrorOf(
        who.campaign.checklist({ campaignId: created.id, communityId: tree.b.community }),
      );
      expect(error.code).toBe("FORBIDDEN");
    }
    // A resident sees no campaign at all.
    expect((await trpcErrorOf((await as(people.resident)).campaign.list())).code).toBe("FORBIDDEN");
  });

  it("is edited by the street; a 社区 edits only its own copy of the checklist", async () => {
    const { id } = await streetCampaign();
    const adminA = await as(people.adminA);
    expect((await trpcErrorOf(adminA.campaign.update({ id, ...fields, name: "改名" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcErrorOf(adminA.campaign.setStage({ id, stage: "implementing" }))).code).toBe(
      "FORBIDDEN",
    );

    const added = await adminA.campaign.addItem({ campaignId: id, communityId: tree.a.community, ...item });
    const copyA = await adminA.campaign.checklist({ campaignId: id, communityId: tree.a.community });
    expect(copyA.at(-1)).toMatchObject({ id: added.id, content: "楼道文明提示", evidence: ["photo"] });
    const copyB = await (
      await as(people.adminB)
    ).campaign.checklist({ campaignId: id, communityId: tree.b.community });
    expect(copyB).toHaveLength(COMMUNITY_TEMPLATE.length);
    const intoB = await trpcErrorOf(
      adminA.campaign.addItem({ campaignId: id, communityId: tree.b.community, ...item }),
    );
    expect(intoB.code).toBe("FORBIDDEN");
  });
});

describe("the checklist of a 社区", () => {
  async function communityCampaign() {
    const admin = await as(people.adminA);
    const { id } = await admin.campaign.create({ ...fields, scopeUnitId: tree.a.community });
    const items = await admin.campaign.checklist({ campaignId: id, communityId: tree.a.community });
    return { admin, id, items };
  }

  it("reorders within its copy and refuses an item moved into another campaign", async () => {
    const { admin, id, items } = await communityCampaign();
    const [first, second, third] = items;
    const moved = await admin.campaign.moveItem({ id: third!.id, beforeId: first!.id });
    expect(moved.ids.slice(0, 3)).toEqual([third!.id, first!.id, second!.id]);
    const last = await admin.campaign.moveItem({ id: third!.id });
    expect(last.ids.at(-1)).toBe(third!.id);
    const after = await admin.campaign.checklist({ campaignId: id, communityId: tree.a.community });
    expect(after.map((i) => i.sort)).toEqual(items.map((_, i) => i + 1));

    const other = await admin.campaign.create({
      ...fields,
      name: "2027年文明社区",
      scopeUnitId: tree.a.community,
    });
    const [foreign] = await admin.campaign.checklist({ campaignId: other.id, communityId: tree.a.community });
    const error = await trpcErrorOf(admin.campaign.moveItem({ id: first!.id, beforeId: foreign!.id }));
    expect(errorShapeOf(error, "campaign.moveItem").data.fieldErrors).toEqual({
      beforeId: ["只能在同一份测评清单内调整顺序"],
    });
  });

  it("deletes an item with nothing filed, and archives one with evidence, saying which", async () => {
    const { admin, id, items } = await communityCampaign();
    expect(await admin.campaign.removeItem({ id: items[0]!.id })).toEqual({ archived: false });
    await db
      .insertInto("campaign_evidence")
      .values({
        item_id: items[1]!.id,
        kind: "photo",
        title: "宣传栏照片",
        evidence_date: "2027-01-05",
        note: null,
        created_by: people.adminA,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(await admin.campaign.removeItem({ id: items[1]!.id })).toEqual({ archived: true });
    const left = await admin.campaign.checklist({ campaignId: id, communityId: tree.a.community });
    expect(left.map((i) => i.id)).toEqual(items.slice(2).map((i) => i.id));
    // The archived item and its evidence are still there, for the record.
    const kept = await db
      .selectFrom("campaign_item")
      .select("archived_at")
      .where("id", "=", items[1]!.id)
      .executeTakeFirst();
    expect(kept?.archived_at).not.toBeNull();
    expect((await trpcErrorOf(admin.campaign.removeItem({ id: items[1]!.id }))).code).toBe("NOT_FOUND");
  });

  it("gives an item to a grid worker of the 社区 only", async () => {
    const { admin, items } = await communityCampaign();
    expect(await admin.campaign.assignItem({ id: items[0]!.id, assigneeUserId: people.workerA })).toEqual({
      assignee: { id: people.workerA, name: "张伟" },
    });
    const error = await trpcErrorOf(
      admin.campaign.assignItem({ id: items[0]!.id, assigneeUserId: people.workerB }),
    );
    expect(errorShapeOf(error, "campaign.assignItem").data.fieldErrors).toEqual({
      assigneeUserId: ["只能交给本社区的工作人员"],
    });
  });

  it("refuses bad items by field: no evidence kind, points out of range, a measure without its number", async () => {
    const { admin, id } = await communityCampaign();
    const at = { campaignId: id, communityId: tree.a.community };
    const fieldErrors = async (input: Record<string, unknown>) =>
      errorShapeOf(
        await trpcErrorOf(
          admin.campaign.addItem({ ...at, ...item, ...input } as Parameters<
            typeof admin.campaign.addItem
          >[0]),
        ),
        "campaign.addItem",
      ).data.fieldErrors;
    expect(await fieldErrors({ evidence: [] })).toEqual({ evidence: ["请至少选择一种材料类型"] });
    expect(await fieldErrors({ points: 0 })).toEqual({ points: ["分值至少0.5分"] });
    expect(await fieldErrors({ content: "  " })).toEqual({ content: ["请填写测评内容"] });
    expect(
      await fieldErrors({ measure: { kind: "activities_per_month", activityKind: "moral_lecture" } }),
    ).toEqual({ "measure.perMonth": ["请填写每月次数"] });
  });
});

describe("the campaign itself", () => {
  it("refuses a period ending before it starts, and a scope that is not a 街道 or 社区", async () => {
    const street = await as(people.street);
    const backwards = await trpcErrorOf(
      street.campaign.create({ ...fields, periodEnd: "2026-12-31", scopeUnitId: tree.street }),
    );
    expect(errorShapeOf(backwards, "campaign.create").data.fieldErrors).toEqual({
      periodEnd: ["结束日期不能早于开始日期"],
    });
    const grid = await trpcErrorOf(street.campaign.create({ ...fields, scopeUnitId: tree.a.grid }));
    expect(errorShapeOf(grid, "campaign.create").data.fieldErrors).toEqual({
      scopeUnitId: ["创城活动须属于一个街道或社区"],
    });
    expect(await db.selectFrom("campaign").select("id").execute()).toEqual([]);
  });

  it("moves its stage one step at a time, and needs a 组长 in its 领导小组", async () => {
    const street = await as(people.street);
    const { id } = await streetCampaign();
    const jump = await trpcErrorOf(street.campaign.setStage({ id, stage: "inspection" }));
    expect(errorShapeOf(jump, "campaign.setStage").data.fieldErrors).toEqual({
      stage: ["阶段只能逐步推进：筹备 之后是 实施"],
    });
    expect(await street.campaign.setStage({ id, stage: "implementing" })).toEqual({ stage: "implementing" });
    expect(await street.campaign.setStage({ id, stage: "preparing" })).toEqual({ stage: "preparing" });

    const none = await trpcErrorOf(
      street.campaign.setLeaders({ id, leaders: [{ role: "member", name: "刘成员" }] }),
    );
    expect(errorShapeOf(none, "campaign.setLeaders").data.fieldErrors).toEqual({
      leaders: ["领导小组须有一名组长"],
    });
    const atCreation = await trpcErrorOf(
      street.campaign.create({
        name: "无组长的创城活动",
        kind: "civilized_community",
        scopeUnitId: tree.a.community,
        periodStart: "2027-01-01",
        periodEnd: "2027-06-30",
        leaders: [{ role: "deputy", name: "刘副组长" }],
      }),
    );
    expect(errorShapeOf(atCreation, "campaign.create").data.fieldErrors).toEqual({
      leaders: ["领导小组须有一名组长"],
    });
    const leaders = await street.campaign.setLeaders({
      id,
      leaders: [
        { role: "leader", userId: people.street, name: "（按账号）", title: "街道党工委书记" },
        { role: "deputy", name: "陈副主任", title: "街道办副主任" },
      ],
    });
    expect(leaders.map((l) => [l.role, l.name, l.title])).toEqual([
      ["leader", "王建国", "街道党工委书记"],
      ["deputy", "陈副主任", "街道办副主任"],
    ]);
  });
});
