import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { createTestDb, makeActivity } from "../testing/index.js";
import { loadMeasureData, type MeasuredItem } from "./campaign-measures.js";
import { activityMonths, chinaMonthOf } from "./activity-months.js";
import { campaignPeople } from "./test-fixture.js";

// The counts the readiness reads instead of the rows (migration 2026-12-12T0000): evidence per item
// and kind, confirmed links per item and record type, published activities per 社区, kind and China
// month. Kept by triggers through inserts, updates (kind, date, 社区, state, another item) and
// deletes; each step checked against named rows and against the same counts taken from the rows.
// Runs on SQLite and, with `npm run test:pg`, on PostgreSQL.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
});

type Row = Record<string, string | number>;
const sorted = (rows: Row[]) =>
  rows
    .map((r) => ({ ...r, n: Number(r.n) }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function activityTally() {
  return sorted(await db.selectFrom("activity_month_tally").selectAll().execute());
}

/** The activity tally computed from the rows, one at a time, by chinaMonthOf. */
async function activityRecount() {
  const rows = await db
    .selectFrom("activity")
    .select(["community_id", "kind", "starts_at"])
    .where("status", "=", "published")
    .execute();
  const counts = new Map<string, Row>();
  for (const r of rows) {
    const month = chinaMonthOf(r.starts_at);
    const key = `${r.community_id} ${r.kind} ${month}`;
    const c =
      counts.get(key) ??
      counts.set(key, { community_id: r.community_id, kind: r.kind, month, n: 0 }).get(key)!;
    c.n = Number(c.n) + 1;
  }
  return sorted([...counts.values()]);
}

async function evidenceTally() {
  return sorted(await db.selectFrom("campaign_evidence_tally").selectAll().execute());
}
async function evidenceRecount() {
  return sorted(
    await db
      .selectFrom("campaign_evidence")
      .select(["item_id", "kind", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["item_id", "kind"])
      .execute(),
  );
}
async function linkTally() {
  return sorted(await db.selectFrom("campaign_link_tally").selectAll().execute());
}
async function linkRecount() {
  return sorted(
    await db
      .selectFrom("campaign_link")
      .select(["item_id", "record_type", (eb) => eb.fn.countAll<number>().as("n")])
      .where("state", "=", "confirmed")
      .groupBy(["item_id", "record_type"])
      .execute(),
  );
}

async function twoItems() {
  const admin = await fx.as(fx.people.adminA);
  const { id } = await admin.campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    periodStart: "2026-01-01",
    periodEnd: "2027-12-31",
    scopeUnitId: fx.tree.a.community,
  });
  const items = await db
    .selectFrom("campaign_item")
    .select("id")
    .where("campaign_id", "=", id)
    .orderBy("id")
    .execute();
  return [items[0]!.id, items[1]!.id] as const;
}

describe("activity_month_tally", () => {
  const at = (startsAt: string, communityId = fx.tree.a.community, kind = "moral_lecture" as const) =>
    makeActivity(db, { communityId, startsAt, endsAt: startsAt, kind });
  const check = async (expected: Row[]) => {
    const tally = await activityTally();
    expect(tally).toEqual(sorted(expected));
    expect(tally).toEqual(await activityRecount());
  };

  it("counts published activities in the China month of their start, through inserts, updates and deletes", async () => {
    const a = fx.tree.a.community;
    const b = fx.tree.b.community;
    const row = (community_id: number, kind: string, month: string, n: number) => ({
      community_id,
      kind,
      month,
      n,
    });

    // 00:30 on 1 December in China; 23:59 on 30 November; 00:00 on 1 January 2027.
    const december = await at("2026-11-30T16:30:00.000Z");
    const november = await at("2026-11-30T15:59:59.999Z");
    const newYear = await at("2026-12-31T16:00:00.000Z");
    await check([
      row(a, "moral_lecture", "2026-12", 1),
      row(a, "moral_lecture", "2026-11", 1),
      row(a, "moral_lecture", "2027-01", 1),
    ]);

    // Cancelled: out of the count, and back when published again.
    await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", december).execute();
    await check([row(a, "moral_lecture", "2026-11", 1), row(a, "moral_lecture", "2027-01", 1)]);
    const cancelled = await at("2026-12-05T02:00:00.000Z");
    await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", cancelled).execute();
    await check([row(a, "moral_lecture", "2026-11", 1), row(a, "moral_lecture", "2027-01", 1)]);
    await db.updateTable("activity").set({ status: "published" }).where("id", "=", december).execute();
    await check([
      row(a, "moral_lecture", "2026-12", 1),
      row(a, "moral_lecture", "2026-11", 1),
      row(a, "moral_lecture", "2027-01", 1),
    ]);

    // Moved a minute later: from November into December (China).
    await db
      .updateTable("activity")
      .set({ starts_at: "2026-11-30T16:00:00.000Z" })
      .where("id", "=", november)
      .execute();
    await check([row(a, "moral_lecture", "2026-12", 2), row(a, "moral_lecture", "2027-01", 1)]);

    // Another kind, another 社区.
    await db.updateTable("activity").set({ kind: "culture_sports" }).where("id", "=", november).execute();
    await check([
      row(a, "moral_lecture", "2026-12", 1),
      row(a, "culture_sports", "2026-12", 1),
      row(a, "moral_lecture", "2027-01", 1),
    ]);
    await db.updateTable("activity").set({ community_id: b }).where("id", "=", newYear).execute();
    await check([
      row(a, "moral_lecture", "2026-12", 1),
      row(a, "culture_sports", "2026-12", 1),
      row(b, "moral_lecture", "2027-01", 1),
    ]);

    // An update of other columns leaves the count as it is.
    await db.updateTable("activity").set({ title: "道德讲堂（改期）" }).where("id", "=", december).execute();
    await check([
      row(a, "moral_lecture", "2026-12", 1),
      row(a, "culture_sports", "2026-12", 1),
      row(b, "moral_lecture", "2027-01", 1),
    ]);

    // Deleted: the row of a count fallen to 0 goes; a cancelled one deleted changes nothing.
    await db.deleteFrom("activity").where("id", "in", [december, cancelled]).execute();
    await check([row(a, "culture_sports", "2026-12", 1), row(b, "moral_lecture", "2027-01", 1)]);
    await db.deleteFrom("activity").execute();
    await check([]);
  });

  it("answers as the rows do for a period from the middle of a month up to a moment in the month in progress", async () => {
    const a = fx.tree.a.community;
    // From 15 October (China) until 10 December 08:00 UTC: October and December in part, November whole.
    const instants = [
      "2026-10-01T03:00:00.000Z",
      "2026-10-14T15:59:59.999Z", // 23:59 on the 14th: before the period
      "2026-10-14T16:00:00.000Z", // 00:00 on the 15th: in it
      "2026-10-20T02:00:00.000Z",
      "2026-10-31T16:30:00.000Z", // 1 November in China
      "2026-11-18T02:00:00.000Z",
      "2026-11-30T16:30:00.000Z", // 1 December in China
      "2026-12-10T07:59:59.999Z",
      "2026-12-10T08:00:00.000Z", // at `until`: not yet
      "2026-12-20T02:00:00.000Z",
    ];
    for (const i of instants) await at(i);
    await at("2026-11-18T02:00:00.000Z", a, "volunteer_service" as "moral_lecture");
    const from = "2026-10-14T16:00:00.000Z";
    const until = "2026-12-10T08:00:00.000Z";
    const counted = await activityMonths(db, [a], ["moral_lecture"], from, until);
    const expected = new Map<string, number>();
    for (const i of instants.filter((i) => i >= from && i < until)) {
      expected.set(chinaMonthOf(i), (expected.get(chinaMonthOf(i)) ?? 0) + 1);
    }
    expect(Object.fromEntries(counted.map((c) => [c.month, c.n]))).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(expected)).toEqual({ "2026-10": 2, "2026-11": 2, "2026-12": 2 });
    expect(counted.every((c) => c.community_id === a && c.kind === "moral_lecture")).toBe(true);

    // Within one month; from a month's first moment; until a month's first moment.
    const within = await activityMonths(
      db,
      [a],
      ["moral_lecture"],
      "2026-10-14T16:00:00.000Z",
      "2026-10-25T00:00:00.000Z",
    );
    expect(within).toEqual([{ community_id: a, kind: "moral_lecture", month: "2026-10", n: 2 }]);
    const whole = await activityMonths(
      db,
      [a],
      ["moral_lecture"],
      "2026-10-31T16:00:00.000Z",
      "2026-11-30T16:00:00.000Z",
    );
    expect(whole).toEqual([{ community_id: a, kind: "moral_lecture", month: "2026-11", n: 2 }]);

    // Through loadMeasureData: the campaign's period as periodInstants makes it.
    const item: MeasuredItem = {
      id: 1,
      community_id: a,
      content: "道德讲堂",
      measure: { kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 },
    };
    const data = await loadMeasureData(
      db,
      { period_start: "2026-10-15", period_end: "2027-06-30" },
      [a],
      [item],
      new Date(until),
    );
    expect(Object.fromEntries(data.activities.get(a)?.get("moral_lecture") ?? [])).toEqual({
      "2026-10": 2,
      "2026-11": 2,
      "2026-12": 2,
    });
  });
});

describe("campaign_evidence_tally and campaign_link_tally", () => {
  it("counts evidence per item and kind: filed, kind changed, moved to another item, deleted", async () => {
    const [one, two] = await twoItems();
    const file = async (itemId: number, kind: "photo" | "plan" | "record") =>
      (
        await db
          .insertInto("campaign_evidence")
          .values({
            item_id: itemId,
            kind,
            title: "材料",
            evidence_date: "2026-06-15",
            note: null,
            created_by: null,
            created_at: new Date().toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const check = async (expected: Row[]) => {
      const tally = await evidenceTally();
      expect(tally).toEqual(sorted(expected));
      expect(tally).toEqual(await evidenceRecount());
    };
    const photo1 = await file(one, "photo");
    const photo2 = await file(one, "photo");
    const plan = await file(one, "plan");
    await check([
      { item_id: one, kind: "photo", n: 2 },
      { item_id: one, kind: "plan", n: 1 },
    ]);
    await db.updateTable("campaign_evidence").set({ kind: "record" }).where("id", "=", plan).execute();
    await check([
      { item_id: one, kind: "photo", n: 2 },
      { item_id: one, kind: "record", n: 1 },
    ]);
    await db.updateTable("campaign_evidence").set({ item_id: two }).where("id", "=", photo2).execute();
    await check([
      { item_id: one, kind: "photo", n: 1 },
      { item_id: one, kind: "record", n: 1 },
      { item_id: two, kind: "photo", n: 1 },
    ]);
    // Another date, title: the count stays.
    await db
      .updateTable("campaign_evidence")
      .set({ evidence_date: "2026-09-01", title: "新" })
      .where("id", "=", photo1)
      .execute();
    await db.deleteFrom("campaign_evidence").where("id", "in", [photo1, plan]).execute();
    await check([{ item_id: two, kind: "photo", n: 1 }]);
    await db.deleteFrom("campaign_evidence").execute();
    await check([]);
  });

  it("counts links only while confirmed: proposed, confirmed, removed, moved, retyped, deleted", async () => {
    const [one, two] = await twoItems();
    const link = async (itemId: number, recordId: number, state: "proposed" | "confirmed") =>
      (
        await db
          .insertInto("campaign_link")
          .values({
            item_id: itemId,
            record_type: "activity",
            record_id: recordId,
            state,
            decided_by: null,
            decided_at: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const check = async (expected: Row[]) => {
      const tally = await linkTally();
      expect(tally).toEqual(sorted(expected));
      expect(tally).toEqual(await linkRecount());
    };
    const proposed = await link(one, 1, "proposed");
    await check([]);
    const confirmed = await link(one, 2, "confirmed");
    await check([{ item_id: one, record_type: "activity", n: 1 }]);
    await db.updateTable("campaign_link").set({ state: "confirmed" }).where("id", "=", proposed).execute();
    await check([{ item_id: one, record_type: "activity", n: 2 }]);
    await db.updateTable("campaign_link").set({ state: "removed" }).where("id", "=", confirmed).execute();
    await check([{ item_id: one, record_type: "activity", n: 1 }]);
    await db
      .updateTable("campaign_link")
      .set({ record_type: "board_edition" })
      .where("id", "=", proposed)
      .execute();
    await check([{ item_id: one, record_type: "board_edition", n: 1 }]);
    await db.updateTable("campaign_link").set({ item_id: two }).where("id", "=", proposed).execute();
    await check([{ item_id: two, record_type: "board_edition", n: 1 }]);
    await db.updateTable("campaign_link").set({ item_id: one }).where("id", "=", confirmed).execute(); // removed: not counted
    await check([{ item_id: two, record_type: "board_edition", n: 1 }]);
    await db.deleteFrom("campaign_link").where("id", "=", confirmed).execute();
    await check([{ item_id: two, record_type: "board_edition", n: 1 }]);
    await db.deleteFrom("campaign_link").where("id", "=", proposed).execute();
    await check([]);
  });
});

describe("the migration", () => {
  it("builds the tallies from the rows already there", async () => {
    await makeActivity(db, {
      communityId: fx.tree.a.community,
      startsAt: "2026-11-30T16:30:00.000Z",
      endsAt: "2026-11-30T18:30:00.000Z",
      kind: "moral_lecture",
    });
    const [one] = await twoItems();
    await db
      .insertInto("campaign_evidence")
      .values({
        item_id: one,
        kind: "plan",
        title: "方案",
        evidence_date: "2026-06-15",
        note: null,
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    await db
      .insertInto("campaign_link")
      .values([
        {
          item_id: one,
          record_type: "problem",
          record_id: 1,
          state: "confirmed",
          decided_by: null,
          decided_at: null,
        },
        {
          item_id: one,
          record_type: "activity",
          record_id: 2,
          state: "proposed",
          decided_by: null,
          decided_at: null,
        },
      ])
      .execute();
    const before = {
      activity: await activityTally(),
      evidence: await evidenceTally(),
      link: await linkTally(),
    };
    expect(before).toEqual({
      activity: [{ community_id: fx.tree.a.community, kind: "moral_lecture", month: "2026-12", n: 1 }],
      evidence: [{ item_id: one, kind: "plan", n: 1 }],
      link: [{ item_id: one, record_type: "problem", n: 1 }],
    });
    const { up, down } = await import("../migrations/2026-12-12T0000-readiness-tallies.js");
    // Down and up again on the same rows: up builds the tallies from them.
    await down(db);
    await up(db);
    expect({
      activity: await activityTally(),
      evidence: await evidenceTally(),
      link: await linkTally(),
    }).toEqual(before);
    // And the triggers work again after.
    await makeActivity(db, {
      communityId: fx.tree.a.community,
      startsAt: "2026-11-30T15:30:00.000Z",
      endsAt: "2026-11-30T18:30:00.000Z",
      kind: "moral_lecture",
    });
    expect(await activityTally()).toEqual(await activityRecount());
  });
});
