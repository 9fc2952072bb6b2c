import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { createTestDb, errorShapeOf, trpcErrorOf } from "../testing/index.js";
import { campaignPeople } from "./test-fixture.js";

// 模拟测评 through the router: a round grades items of one 社区's copy A / B / C / C#, its estimated
// score is points × share summed (in all and per 测评项目), rounds are kept to compare, bad grades are
// refused by field, and only the copy's admins (its own and the street's) make or remove a round.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
});

/** A street campaign (a copy for 甲 and 乙); 甲's admin adds a 5-point item to its copy. */
async function setup() {
  const { tree, people, as } = fx;
  const street = await as(people.street);
  const { id } = await street.campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    scopeUnitId: tree.street,
    periodStart: "2027-01-01",
    periodEnd: "2027-12-31",
  });
  const admin = await as(people.adminA);
  const copy = { campaignId: id, communityId: tree.a.community };
  const five = await admin.campaign.addItem({
    ...copy,
    project: "测评演练",
    content: "迎检演练",
    standard: "迎检前组织一次全流程演练。",
    method: "material",
    points: 5,
    evidence: ["record"],
  });
  const items = await admin.campaign.checklist(copy);
  const three = items.find((i) => i.points === 3)!;
  const two = items.find((i) => i.points === 2 && i.project !== three.project)!;
  return { id, copy, admin, street, items, five: five.id, three, two };
}

describe("a round of 模拟测评", () => {
  it("scores A on 5 + B on 3 + C# on 2 as 6.98, per 测评项目 too; items not graded count 0", async () => {
    const { copy, admin, items, five, three, two } = await setup();
    const made = await admin.campaign.assess({
      ...copy,
      title: "第一次模拟测评",
      grades: [
        { itemId: five, grade: "A", note: "演练方案、记录齐全" },
        { itemId: three.id, grade: "B" },
        { itemId: two.id, grade: "C#", note: "  " },
      ],
    });
    const total = items.reduce((s, i) => s + i.points, 0);
    expect(made).toMatchObject({ score: 6.98, graded: 3, points: total });
    expect(total).toBe(105);

    const { rounds, mayEdit } = await admin.campaign.assessments(copy);
    expect(mayEdit).toBe(true);
    expect(rounds).toHaveLength(1);
    const [round] = rounds;
    expect(round).toMatchObject({
      id: made.id,
      title: "第一次模拟测评",
      createdBy: { name: "李秀英" },
      score: 6.98,
      points: 105,
      items: items.length,
      graded: 3,
    });
    const project = (name: string) => round!.projects.find((p) => p.project === name)!;
    expect(project("测评演练")).toEqual({ project: "测评演练", score: 5, points: 5, items: 1, graded: 1 });
    expect(project(three.project)).toMatchObject({ score: 1.98, graded: 1 });
    expect(project(two.project)).toMatchObject({ score: 0, graded: 1 });
    // The subtotals add up to the total; the projects come in checklist order.
    expect(round!.projects.reduce((s, p) => s + p.points, 0)).toBe(105);
    expect(round!.projects.map((p) => p.project)).toEqual([...new Set(items.map((i) => i.project))]);

    const detail = await admin.campaign.assessment({ id: made.id });
    expect(detail.items.map((i) => i.itemId)).toEqual(items.map((i) => i.id));
    const byId = new Map(detail.items.map((i) => [i.itemId, i]));
    expect(byId.get(five)).toMatchObject({ grade: "A", note: "演练方案、记录齐全", score: 5, points: 5 });
    expect(byId.get(three.id)).toMatchObject({ grade: "B", note: null, score: 1.98 });
    expect(byId.get(two.id)).toMatchObject({ grade: "C#", note: null, score: 0 });
    const notGraded = detail.items.filter((i) => i.grade === null);
    expect(notGraded).toHaveLength(items.length - 3);
    expect(notGraded.every((i) => i.note === null && i.score === 0)).toBe(true);
    expect(detail).toMatchObject({ score: 6.98, graded: 3, mayEdit: true });
  });

  it("keeps each round, newest first, to compare; removing one leaves the other", async () => {
    const { copy, admin, five, three } = await setup();
    const first = await admin.campaign.assess({
      ...copy,
      title: "第一轮",
      grades: [
        { itemId: five, grade: "C" },
        { itemId: three.id, grade: "C" },
      ],
    });
    const second = await admin.campaign.assess({
      ...copy,
      title: "第二轮",
      grades: [
        { itemId: five, grade: "A" },
        { itemId: three.id, grade: "B" },
      ],
    });
    expect(first.score).toBe(2.64); // 5 × 0.33 + 3 × 0.33
    expect(second.score).toBe(6.98);
    const { rounds } = await admin.campaign.assessments(copy);
    expect(rounds.map((r) => [r.title, r.score])).toEqual([
      ["第二轮", 6.98],
      ["第一轮", 2.64],
    ]);
    // Compared side by side: each round still says what it gave each item.
    const [a, b] = await Promise.all([
      admin.campaign.assessment({ id: first.id }),
      admin.campaign.assessment({ id: second.id }),
    ]);
    const gradeOf = (r: typeof a, itemId: number) => r.items.find((i) => i.itemId === itemId)?.grade;
    expect([gradeOf(a, five), gradeOf(b, five)]).toEqual(["C", "A"]);

    expect(await admin.campaign.removeAssessment({ id: first.id })).toEqual({ removed: true });
    expect((await admin.campaign.assessments(copy)).rounds.map((r) => r.title)).toEqual(["第二轮"]);
    expect(
      await db
        .selectFrom("campaign_grade")
        .select("assessment_id")
        .where("assessment_id", "=", first.id)
        .execute(),
    ).toEqual([]);
    expect((await trpcErrorOf(admin.campaign.assessment({ id: first.id }))).code).toBe("NOT_FOUND");
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "after", "before"])
      .where("action", "in", ["campaign.assess", "campaign.assessment_remove"])
      .orderBy("id")
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      "campaign.assess",
      "campaign.assess",
      "campaign.assessment_remove",
    ]);
  });

  it("leaves out an archived item: it cannot be graded, and no round counts it", async () => {
    const { copy, admin, five, three } = await setup();
    const made = await admin.campaign.assess({
      ...copy,
      title: "归档前",
      grades: [
        { itemId: five, grade: "A" },
        { itemId: three.id, grade: "A" },
      ],
    });
    await db
      .insertInto("campaign_evidence")
      .values({
        item_id: three.id,
        kind: three.evidence[0]!,
        title: "宣传栏照片",
        evidence_date: "2027-01-05",
        note: null,
        created_by: fx.people.adminA,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(await admin.campaign.removeItem({ id: three.id })).toEqual({ archived: true });
    const detail = await admin.campaign.assessment({ id: made.id });
    expect(detail.items.some((i) => i.itemId === three.id)).toBe(false);
    expect(detail).toMatchObject({ score: 5, graded: 1, points: 102 });
    const error = await trpcErrorOf(
      admin.campaign.assess({ ...copy, title: "归档后", grades: [{ itemId: three.id, grade: "A" }] }),
    );
    expect(errorShapeOf(error, "campaign.assess").data.fieldErrors).toEqual({
      "grades.0.itemId": ["第1项不属于本社区的测评体系"],
    });
  });
});

describe("bad input", () => {
  it("refuses each by field, writing nothing: a grade outside A/B/C/C#, another copy's item, an item twice, none", async () => {
    const { id, copy, admin, five, three } = await setup();
    const otherCopy = await (
      await fx.as(fx.people.adminB)
    ).campaign.checklist({ campaignId: id, communityId: fx.tree.b.community });
    const fieldErrors = async (input: Record<string, unknown>) =>
      errorShapeOf(
        await trpcErrorOf(
          admin.campaign.assess({ ...copy, title: "模拟测评", ...input } as Parameters<
            typeof admin.campaign.assess
          >[0]),
        ),
        "campaign.assess",
      ).data.fieldErrors;
    expect(await fieldErrors({ grades: [{ itemId: five, grade: "D" }] })).toEqual({
      "grades.0.grade": ["等级须为 A、B、C 或 C#"],
    });
    expect(
      await fieldErrors({
        grades: [
          { itemId: five, grade: "A" },
          { itemId: otherCopy[0]!.id, grade: "A" },
        ],
      }),
    ).toEqual({ "grades.1.itemId": ["第2项不属于本社区的测评体系"] });
    expect(
      await fieldErrors({
        grades: [
          { itemId: three.id, grade: "A" },
          { itemId: three.id, grade: "B" },
        ],
      }),
    ).toEqual({ "grades.1.itemId": ["第2项重复评定了同一测评标准"] });
    expect(await fieldErrors({ grades: [] })).toEqual({ grades: ["请至少评定一项测评标准"] });
    expect(await fieldErrors({ title: " ", grades: [{ itemId: five, grade: "A" }] })).toEqual({
      title: ["请填写测评名称"],
    });
    expect(await db.selectFrom("campaign_assessment").select("id").execute()).toEqual([]);
    expect(await db.selectFrom("campaign_grade").select("item_id").execute()).toEqual([]);
  });
});

describe("who may", () => {
  it("lets the copy's admins and the street's make and remove rounds; its grid workers only read; others nothing", async () => {
    const { copy, admin, street, five } = await setup();
    const { people, as } = fx;
    const round = { ...copy, title: "街道抽查", grades: [{ itemId: five, grade: "B" as const }] };

    const byStreet = await street.campaign.assess(round);
    expect(byStreet.score).toBe(3.3);
    const worker = await as(people.workerA);
    const adminB = await as(people.adminB);
    const resident = await as(people.resident);
    for (const who of [worker, adminB, resident]) {
      expect((await trpcErrorOf(who.campaign.assess(round))).code).toBe("FORBIDDEN");
      expect((await trpcErrorOf(who.campaign.removeAssessment({ id: byStreet.id }))).code).toBe("FORBIDDEN");
    }
    // The grid worker reads the rounds of the 社区's copy; 乙's admin and the resident read none.
    const seen = await worker.campaign.assessments(copy);
    expect(seen.mayEdit).toBe(false);
    expect(seen.rounds.map((r) => r.title)).toEqual(["街道抽查"]);
    expect((await worker.campaign.assessment({ id: byStreet.id })).mayEdit).toBe(false);
    for (const who of [adminB, resident]) {
      expect((await trpcErrorOf(who.campaign.assessments(copy))).code).toBe("FORBIDDEN");
      expect((await trpcErrorOf(who.campaign.assessment({ id: byStreet.id }))).code).toBe("FORBIDDEN");
    }
    // 甲's admin removes the street's round; the street removes 甲's.
    const byAdmin = await admin.campaign.assess({ ...round, title: "社区自查" });
    await admin.campaign.removeAssessment({ id: byStreet.id });
    await street.campaign.removeAssessment({ id: byAdmin.id });
    expect((await admin.campaign.assessments(copy)).rounds).toEqual([]);
  });
});
