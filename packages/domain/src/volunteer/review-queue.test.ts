import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { chinaToday } from "../time.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
  validIdNumber,
} from "../testing/index.js";
import { isMinor } from "./volunteer-roster.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let streetAdmin: number;
let teamA: number;
let teamB: number;

const as = (userId: number) => callerFor(db, userId);
const TODAY = chinaToday();
/** A birth date `years` years before today, a day later: not yet that old. */
const bornYearsAgo = (years: number, dayLater = false) => {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (dayLater) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

async function team(communityId: number, name: string) {
  const row = await db
    .insertInto("team")
    .values({
      community_id: communityId,
      name,
      description: null,
      leader_volunteer_id: null,
      created_at: "2026-01-01T00:00:00Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A pending registration with a preferred team and a guardian's consent as given. */
async function pending(
  courtyardId: number,
  name: string,
  opts: { submittedAt: string; teamId?: number; birthDate?: string; guardianConsent?: boolean },
) {
  const v = await makeVolunteer(db, {
    courtyardId,
    name,
    status: "pending",
    submittedAt: opts.submittedAt,
    skills: ["arts", "elderly_care"],
    serviceTimes: ["weekend_morning", "weekday_evening"],
    ...(opts.birthDate ? { idNumber: validIdNumber(opts.birthDate, false) } : {}),
  });
  await db
    .updateTable("volunteer")
    .set({ preferred_team_id: opts.teamId ?? null, guardian_consent: opts.guardianConsent ? 1 : 0 })
    .where("id", "=", v.id)
    .execute();
  return v.id;
}

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  streetAdmin = (await makeUser(db, { role: "street_admin", unitId: tree.street })).id;
  teamA = await team(tree.a.community, "文艺队");
  teamB = await team(tree.b.community, "环卫队");
});

describe("isMinor", () => {
  it("is under 18 on the China date", () => {
    expect(isMinor(bornYearsAgo(18), TODAY)).toBe(false);
    expect(isMinor(bornYearsAgo(18, true), TODAY)).toBe(true);
    expect(isMinor(bornYearsAgo(15), TODAY)).toBe(true);
    expect(isMinor(null, TODAY)).toBe(false);
  });
});

describe("volunteer.reviewQueue", () => {
  it("lists the pending registrations oldest first, with everything review needs", async () => {
    const minor = await pending(tree.a.courtyard, "小明", {
      submittedAt: "2026-03-02T00:00:00Z",
      teamId: teamA,
      birthDate: bornYearsAgo(16),
      guardianConsent: true,
    });
    const adult = await pending(tree.a.courtyard, "王小红", { submittedAt: "2026-03-01T00:00:00Z" });
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "已注册的" });
    await pending(tree.b.courtyard, "乙社区的", { submittedAt: "2026-03-01T00:00:00Z" });

    const { total, items } = await (await as(adminA)).volunteer.reviewQueue({});
    expect(total).toBe(2);
    expect(items.map((i) => i.id)).toEqual([adult, minor]);
    expect(items[1]).toMatchObject({
      name: "小明",
      age: 16,
      isMinor: true,
      guardianConsent: true,
      skills: expect.arrayContaining(["arts", "elderly_care"]),
      serviceTimes: ["weekend_morning", "weekday_evening"],
      community: { id: tree.a.community, name: "甲社区" },
      gridName: "甲社区第一网格",
      courtyard: { id: tree.a.courtyard, name: "甲社区一号院" },
      preferredTeam: { id: teamA, name: "文艺队" },
      mobile: expect.stringMatching(/^1\d{10}$/),
      idNumber: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/),
    });
    expect(items[0]).toMatchObject({ isMinor: false, guardianConsent: false, preferredTeam: null });
  });

  it("mixes the 社区 of a street admin, who may narrow to one", async () => {
    await pending(tree.a.courtyard, "甲一", { submittedAt: "2026-03-01T00:00:00Z" });
    await pending(tree.b.courtyard, "乙一", { submittedAt: "2026-03-02T00:00:00Z" });
    const street = await as(streetAdmin);
    expect((await street.volunteer.reviewQueue({})).items.map((i) => [i.name, i.community.name])).toEqual([
      ["甲一", "甲社区"],
      ["乙一", "乙社区"],
    ]);
    expect(
      (await street.volunteer.reviewQueue({ communityId: tree.b.community })).items.map((i) => i.name),
    ).toEqual(["乙一"]);
    // Another 社区's queue is empty to a community admin, not an error that confirms it exists.
    expect(await (await as(adminA)).volunteer.reviewQueue({ communityId: tree.b.community })).toEqual({
      total: 0,
      items: [],
    });
  });

  it("offers only a team of the volunteer's own 社区", async () => {
    const id = await pending(tree.a.courtyard, "搬过家的", {
      submittedAt: "2026-03-01T00:00:00Z",
      teamId: teamB,
    });
    const { items } = await (await as(adminA)).volunteer.reviewQueue({});
    expect(items.find((i) => i.id === id)?.preferredTeam).toBeNull();
  });

  it("is refused to grid workers", async () => {
    const worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
    expect((await trpcErrorOf((await as(worker)).volunteer.reviewQueue({}))).code).toBe("FORBIDDEN");
  });
});

describe("通过并安排入队", () => {
  it("approves and adds each volunteer to their preferred team in one step, audited with the subject", async () => {
    const withTeam = await pending(tree.a.courtyard, "王小红", {
      submittedAt: "2026-03-01T00:00:00Z",
      teamId: teamA,
    });
    const without = await pending(tree.a.courtyard, "李四", { submittedAt: "2026-03-02T00:00:00Z" });
    const admin = await as(adminA);
    expect(
      await admin.volunteer.review({ ids: [withTeam, without], action: "approve", joinPreferredTeam: true }),
    ).toEqual({
      count: 2,
      joined: 1,
    });
    expect(await admin.volunteer.teams.members({ teamId: teamA })).toMatchObject([
      { id: withTeam, name: "王小红" },
    ]);
    expect((await auditRows(db)).map((r) => r.action)).toEqual([
      "volunteer.approve",
      "team.add_member",
      "volunteer.approve",
    ]);
    const log = await admin.audit.list({ action: "team.add_member" });
    expect(log.items.map((r) => r.subject)).toEqual(["志愿者 王小红 · 服务队 文艺队"]);
    expect((await admin.volunteer.detail({ id: withTeam })).teams).toEqual([
      { id: teamA, name: "文艺队", isLeader: false },
    ]);
  });

  it("approves without joining unless asked, and never joins on 驳回", async () => {
    const a = await pending(tree.a.courtyard, "甲", { submittedAt: "2026-03-01T00:00:00Z", teamId: teamA });
    const b = await pending(tree.a.courtyard, "乙", { submittedAt: "2026-03-02T00:00:00Z", teamId: teamA });
    const admin = await as(adminA);
    expect(await admin.volunteer.review({ ids: [a], action: "approve" })).toEqual({ count: 1, joined: 0 });
    expect(
      await admin.volunteer.review({
        ids: [b],
        action: "reject",
        reason: "资料不全",
        joinPreferredTeam: true,
      }),
    ).toEqual({
      count: 1,
      joined: 0,
    });
    expect(await admin.volunteer.teams.members({ teamId: teamA })).toEqual([]);
  });

  it("is all or nothing: a refused volunteer in the batch leaves everyone out of the team", async () => {
    const a = await pending(tree.a.courtyard, "甲", { submittedAt: "2026-03-01T00:00:00Z", teamId: teamA });
    const inB = await pending(tree.b.courtyard, "乙", { submittedAt: "2026-03-02T00:00:00Z", teamId: teamB });
    const error = await trpcErrorOf(
      (await as(adminA)).volunteer.review({ ids: [a, inB], action: "approve", joinPreferredTeam: true }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.selectFrom("team_member").selectAll().execute()).toEqual([]);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("volunteer.detail", () => {
  it("shows the preferred team and the guardian's consent of a minor", async () => {
    const id = await pending(tree.a.courtyard, "小明", {
      submittedAt: "2026-03-01T00:00:00Z",
      teamId: teamA,
      birthDate: bornYearsAgo(15),
      guardianConsent: true,
    });
    expect(await (await as(adminA)).volunteer.detail({ id })).toMatchObject({
      preferredTeam: { id: teamA, name: "文艺队" },
      isMinor: true,
      guardianConsent: true,
    });
  });
});
