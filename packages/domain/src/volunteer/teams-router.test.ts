import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
  validIdNumber,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;
let resident: number;
let li: Awaited<ReturnType<typeof makeVolunteer>>;
let zhou: Awaited<ReturnType<typeof makeVolunteer>>;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  resident = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })).id;
  li = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "李队长" });
  zhou = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "周队员" });
});

const as = (userId: number) => callerFor(db, userId);
const list = async (communityId = tree.a.community) => (await as(resident)).volunteer.teams.list({ communityId });
const fieldErrorsOf = async (call: Promise<unknown>, path: string) => {
  const error = await trpcErrorOf(call);
  expect(error.code).toBe("BAD_REQUEST");
  return errorShapeOf(error, path).data.fieldErrors;
};

describe("volunteer.teams.create", () => {
  it("creates a 志愿服务队 that residents can list, audited", async () => {
    const { id } = await (await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: " 为老服务队 ", description: "陪伴独居老人" });
    expect(await list()).toEqual([
      { id, name: "为老服务队", description: "陪伴独居老人", leaderId: null, leaderName: null, members: 0, archivedAt: null },
    ]);
    expect(await list(tree.b.community)).toEqual([]);
    expect((await auditRows(db)).map((r) => [r.action, r.actor_id, r.target_id, r.org_unit_id, r.after])).toEqual([
      ["team.create", adminA, String(id), tree.a.community, { name: "为老服务队" }],
    ]);
  });

  it("keeps names unique within a 社区 only", async () => {
    await (await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "环卫队" });
    const errors = await fieldErrorsOf((await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "环卫队" }), "volunteer.teams.create");
    expect(errors).toEqual({ name: ["本社区已有“环卫队”"] });
    await (await as(adminB)).volunteer.teams.create({ communityId: tree.b.community, name: "环卫队" });
    expect((await list()).map((t) => t.name)).toEqual(["环卫队"]);
    expect((await list(tree.b.community)).map((t) => t.name)).toEqual(["环卫队"]);
  });

  it("refuses an empty name and a unit that is no 社区", async () => {
    expect(await fieldErrorsOf((await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "  " }), "volunteer.teams.create")).toEqual({
      name: ["请输入队名"],
    });
    expect(await fieldErrorsOf((await as(adminA)).volunteer.teams.create({ communityId: tree.a.grid, name: "网格队" }), "volunteer.teams.create")).toEqual({
      communityId: ["请选择社区"],
    });
  });
});

describe("volunteer.teams.update and setMember", () => {
  let team: number;
  beforeEach(async () => {
    team = (await (await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "文艺队" })).id;
  });

  it("makes a registered volunteer of the 社区 the leader, and a member", async () => {
    await (await as(adminA)).volunteer.teams.update({ id: team, leaderId: li.id });
    expect(await list()).toEqual([{ id: team, name: "文艺队", description: null, leaderId: li.id, leaderName: "李队长", members: 1, archivedAt: null }]);
    const members = await (await as(adminA)).volunteer.teams.members({ teamId: team });
    expect(members).toEqual([{ id: li.id, name: "李队长", hours: 0, joinedAt: expect.any(String) }]);
    expect((await (await as(adminA)).volunteer.detail({ id: li.id })).teams).toEqual([{ id: team, name: "文艺队", isLeader: true }]);
    expect((await auditRows(db)).at(-1)).toMatchObject({
      action: "team.update",
      before: { name: "文艺队", description: null, leaderId: null },
      after: { leaderId: li.id },
    });
  });

  it("refuses a leader who is not a registered volunteer of the 社区", async () => {
    const pending = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" });
    const other = await makeVolunteer(db, { courtyardId: tree.b.courtyard });
    for (const leaderId of [pending.id, other.id, 9999]) {
      expect(await fieldErrorsOf((await as(adminA)).volunteer.teams.update({ id: team, leaderId }), "volunteer.teams.update")).toEqual({
        leaderId: ["请选择本社区已注册的志愿者"],
      });
    }
    expect(await list()).toMatchObject([{ leaderId: null, members: 0 }]);
  });

  it("renames, but not onto another team's name", async () => {
    await (await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "环卫队" });
    expect(await fieldErrorsOf((await as(adminA)).volunteer.teams.update({ id: team, name: "环卫队" }), "volunteer.teams.update")).toEqual({
      name: ["本社区已有“环卫队”"],
    });
    await (await as(adminA)).volunteer.teams.update({ id: team, name: "文艺队", description: "广场舞、合唱" });
    await (await as(adminA)).volunteer.teams.update({ id: team, name: "文艺演出队" });
    expect((await list()).map((t) => [t.name, t.description])).toEqual([
      ["文艺演出队", "广场舞、合唱"],
      ["环卫队", null],
    ]);
  });

  it("adds and removes members; removing the leader leaves the team without one", async () => {
    const c = await as(adminA);
    await c.volunteer.teams.update({ id: team, leaderId: li.id });
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: zhou.id, member: true });
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: zhou.id, member: true });
    expect((await c.volunteer.teams.members({ teamId: team })).map((m) => m.name).sort()).toEqual(["周队员", "李队长"].sort());
    expect((await c.volunteer.roster({ teamId: team })).total).toBe(2);

    await c.volunteer.teams.setMember({ teamId: team, volunteerId: zhou.id, member: false });
    expect((await c.volunteer.teams.members({ teamId: team })).map((m) => m.name)).toEqual(["李队长"]);
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: li.id, member: false });
    expect(await list()).toMatchObject([{ leaderId: null, leaderName: null, members: 0 }]);
    expect((await auditRows(db)).map((r) => r.action).slice(-4)).toEqual([
      "team.add_member",
      "team.add_member",
      "team.remove_member",
      "team.remove_member",
    ]);
  });

  it("refuses another 社区's volunteer as a member and another 社区's team", async () => {
    const other = await makeVolunteer(db, { courtyardId: tree.b.courtyard });
    const c = await as(adminA);
    expect(await fieldErrorsOf(c.volunteer.teams.setMember({ teamId: team, volunteerId: other.id, member: true }), "volunteer.teams.setMember")).toEqual({
      volunteerId: ["请选择本社区已注册的志愿者"],
    });
    const error = await trpcErrorOf((await as(adminB)).volunteer.teams.setMember({ teamId: team, volunteerId: other.id, member: true }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(c.volunteer.teams.update({ id: 9999, name: "无" }))).code).toBe("NOT_FOUND");
    expect(await db.selectFrom("team_member").selectAll().execute()).toEqual([]);
  });
});

describe("volunteer.teams.archive and delete", () => {
  let team: number;
  beforeEach(async () => {
    team = (await (await as(adminA)).volunteer.teams.create({ communityId: tree.a.community, name: "文艺队" })).id;
  });
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  it("archives: off the pickers and lists, no new members, history kept; restores; audited", async () => {
    const c = await as(adminA);
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: li.id, member: true });
    await c.volunteer.teams.archive({ id: team, archived: true });
    expect(await list()).toEqual([]);
    const all = await c.volunteer.teams.list({ communityId: tree.a.community, includeArchived: true });
    expect(all).toMatchObject([{ id: team, name: "文艺队", members: 1, archivedAt: expect.any(String) }]);
    // History stays: members, the volunteer's teams.
    expect((await c.volunteer.teams.members({ teamId: team })).map((m) => m.name)).toEqual(["李队长"]);
    expect((await c.volunteer.detail({ id: li.id })).teams).toEqual([{ id: team, name: "文艺队", isLeader: false }]);

    expect(await fieldErrorsOf(c.volunteer.teams.setMember({ teamId: team, volunteerId: zhou.id, member: true }), "volunteer.teams.setMember")).toEqual({
      teamId: ["该服务队已归档，不能添加队员，请先恢复"],
    });
    const activity = { communityId: tree.a.community, kind: "volunteer_service" as const, title: "广场舞展演", teamId: team, startsAt: inDays(1), endsAt: inDays(1.1), placeText: "广场", capacity: 10 };
    expect(await fieldErrorsOf(c.activity.create(activity), "activity.create")).toEqual({ teamId: ["所选志愿服务队已归档，请重新选择"] });
    const registration = {
      name: "新人",
      idNumber: validIdNumber("1990-01-01", true),
      mobile: "13811110000",
      courtyardId: tree.a.courtyard,
      politicalStatus: "masses" as const,
      skills: ["arts" as const],
      serviceTimes: ["weekend_morning" as const],
      preferredTeamId: team,
      dataConsent: true as const,
    };
    expect(await fieldErrorsOf((await as(resident)).volunteer.register(registration), "volunteer.register")).toEqual({
      preferredTeamId: ["所选志愿服务队已归档，请重新选择"],
    });
    // A new team may not take the archived one's name: restore it instead.
    expect(await fieldErrorsOf(c.volunteer.teams.create({ communityId: tree.a.community, name: "文艺队" }), "volunteer.teams.create")).toEqual({
      name: ["本社区已有“文艺队”（已归档，可恢复使用）"],
    });
    expect((await trpcErrorOf(c.volunteer.teams.archive({ id: team, archived: true }))).message).toBe("该服务队已归档");

    await c.volunteer.teams.archive({ id: team, archived: false });
    expect(await list()).toMatchObject([{ id: team, archivedAt: null, members: 1 }]);
    await c.activity.create(activity);
    expect((await auditRows(db)).filter((r) => r.action.startsWith("team.") && r.action !== "team.add_member").map((r) => [r.action, r.before, r.after])).toEqual([
      ["team.create", null, { name: "文艺队" }],
      ["team.archive", { archived: false }, { archived: true }],
      ["team.restore", { archived: true }, { archived: false }],
    ]);
    expect((await trpcErrorOf((await as(adminB)).volunteer.teams.archive({ id: team, archived: true }))).code).toBe("FORBIDDEN");
  });

  it("does not place an approved volunteer into a team archived since they chose it", async () => {
    const c = await as(adminA);
    const chose = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" });
    await db.updateTable("volunteer").set({ preferred_team_id: team }).where("id", "=", chose.id).execute();
    await c.volunteer.teams.archive({ id: team, archived: true });
    expect(await c.volunteer.review({ ids: [chose.id], action: "approve", joinPreferredTeam: true })).toEqual({ count: 1, joined: 0 });
    expect(await c.volunteer.teams.members({ teamId: team })).toEqual([]);
  });

  it("keeps an archived team on the activities that already named it", async () => {
    const c = await as(adminA);
    const input = { kind: "volunteer_service" as const, title: "广场舞展演", teamId: team, startsAt: inDays(1), endsAt: inDays(1.1), placeText: "广场", capacity: 10 };
    const { id } = await c.activity.create({ communityId: tree.a.community, ...input });
    await c.volunteer.teams.archive({ id: team, archived: true });
    await c.activity.update({ id, ...input, capacity: 12 });
    expect(await c.activity.detail({ id })).toMatchObject({ teamId: team, teamName: "文艺队", capacity: 12 });
  });

  it("deletes only an empty team no activity named, and says why otherwise", async () => {
    const c = await as(adminA);
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: li.id, member: true });
    const withMember = await trpcErrorOf(c.volunteer.teams.delete({ id: team }));
    expect([withMember.code, withMember.message]).toEqual(["CONFLICT", "“文艺队”还有1名队员，不能删除。可以改为归档：不再出现在列表中，记录保留"]);
    await c.volunteer.teams.setMember({ teamId: team, volunteerId: li.id, member: false });

    const ran = await makeActivity(db, { communityId: tree.a.community, startsAt: inDays(-2), endsAt: inDays(-1.9) });
    await db.updateTable("activity").set({ team_id: team }).where("id", "=", ran).execute();
    const used = await trpcErrorOf(c.volunteer.teams.delete({ id: team }));
    expect([used.code, used.message]).toEqual(["CONFLICT", "“文艺队”组织过1次活动，删除会丢失这些记录。可以改为归档：不再出现在列表中，记录保留"]);

    const empty = (await c.volunteer.teams.create({ communityId: tree.a.community, name: "临时队" })).id;
    // A registration that chose it loses the choice; nothing else pointed at it.
    const chose = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" });
    await db.updateTable("volunteer").set({ preferred_team_id: empty }).where("id", "=", chose.id).execute();
    expect((await trpcErrorOf((await as(adminB)).volunteer.teams.delete({ id: empty }))).code).toBe("FORBIDDEN");
    await c.volunteer.teams.delete({ id: empty });
    expect((await list()).map((t) => t.name)).toEqual(["文艺队"]);
    expect((await db.selectFrom("volunteer").select("preferred_team_id").where("id", "=", chose.id).executeTakeFirstOrThrow()).preferred_team_id).toBeNull();
    expect((await auditRows(db)).at(-1)).toMatchObject({ action: "team.delete", target_id: String(empty), before: { name: "临时队" }, after: null });
    expect((await trpcErrorOf(c.volunteer.teams.delete({ id: empty }))).code).toBe("NOT_FOUND");
  });
});
