import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { DomainError, InvalidTransitionError, ValidationError } from "../errors.js";
import { cancelMySignup, signUp } from "./signup-service.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeOrgTree,
  makeSignup,
  makeUser,
  makeVolunteer,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;
let workerA: number;
let resident: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  workerA = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
  resident = await volunteerUser(tree.a.courtyard, "刘芳");
});

const as = (userId: number | null) => callerFor(db, userId);
/** A resident account with a registered volunteer record (or another state) in `courtyardId`. */
async function volunteerUser(courtyardId: number, name?: string, status: "registered" | "pending" = "registered") {
  const communityId = courtyardId === tree.a.courtyard ? tree.a.community : tree.b.community;
  const user = await makeUser(db, { role: "resident", unitId: communityId, communityId, courtyardId, ...(name ? { name } : {}) });
  await makeVolunteer(db, { courtyardId, userId: user.id, status, ...(name ? { name, mobile: "13811112222" } : {}) });
  return user.id;
}
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const fields = { kind: "volunteer_service" as const, title: "清理楼道小广告", placeText: "社区广场", capacity: 20 };
const newActivity = (over: Record<string, unknown> = {}) => ({
  communityId: tree.a.community,
  ...fields,
  startsAt: inHours(48),
  endsAt: inHours(50),
  ...over,
});
async function fieldErrorsOf(call: Promise<unknown>, path: string) {
  const error = await trpcErrorOf(call);
  expect(error.code).toBe("BAD_REQUEST");
  return errorShapeOf(error, path).data.fieldErrors;
}
async function domainErrorOf(call: Promise<unknown>): Promise<DomainError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
const signedCount = async (id: number) =>
  (await db.selectFrom("activity").select("signed_count").where("id", "=", id).executeTakeFirstOrThrow()).signed_count;

describe("activity.create, update and cancel", () => {
  it("publishes an activity, in UTC, to the 社区's residents and organisers", async () => {
    const input = newActivity({ startsAt: "2099-12-05T09:00:00+08:00", endsAt: "2099-12-05T11:00:00+08:00", placeUnitId: tree.a.courtyard, skills: ["sanitation"] });
    const { id } = await (await as(adminA)).activity.create(input);
    const detail = await (await as(resident)).activity.detail({ id });
    expect(detail).toMatchObject({
      id,
      communityId: tree.a.community,
      communityName: "甲社区",
      kind: "volunteer_service",
      title: "清理楼道小广告",
      startsAt: "2099-12-05T01:00:00.000Z",
      endsAt: "2099-12-05T03:00:00.000Z",
      placeUnitId: tree.a.courtyard,
      place: "社区广场",
      capacity: 20,
      signedCount: 0,
      skills: ["sanitation"],
      status: "published",
      mySignup: null,
    });
    expect((await (await as(null)).activity.publicList({ communityId: tree.a.community })).map((a) => a.id)).toEqual([id]);
    expect((await (await as(resident)).activity.upcoming()).map((a) => a.id)).toEqual([id]);
    expect((await (await as(workerA)).activity.list({})).items.map((a) => a.id)).toEqual([id]);
    expect((await (await as(adminB)).activity.list({})).items).toEqual([]);
    expect((await auditRows(db)).map((r) => [r.action, r.org_unit_id, r.after])).toEqual([
      ["activity.create", tree.a.community, { title: "清理楼道小广告", startsAt: "2099-12-05T01:00:00.000Z", capacity: 20 }],
    ]);
  });

  it("checks the times, the place, the team and the capacity", async () => {
    const c = await as(adminA);
    const teamB = await db
      .insertInto("team")
      .values({ community_id: tree.b.community, name: "乙队", description: null, leader_volunteer_id: null, created_at: "2026-01-01T00:00:00Z" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cases: Array<[Record<string, unknown>, Record<string, string[]>]> = [
      [{ endsAt: inHours(48) }, { endsAt: ["结束时间应晚于开始时间"] }],
      [{ endsAt: inHours(47) }, { endsAt: ["结束时间应晚于开始时间"] }],
      [{ startsAt: "下周六上午" }, { startsAt: ["开始时间格式不正确"] }],
      [{ placeText: " " }, { placeText: ["请填写活动地点"] }],
      [{ placeUnitId: tree.b.courtyard }, { placeUnitId: ["活动地点应在本社区内"] }],
      [{ teamId: teamB.id }, { teamId: ["所选志愿服务队不属于该社区"] }],
      [{ capacity: 0 }, { capacity: ["名额至少为1"] }],
    ];
    for (const [over, errors] of cases) {
      expect(await fieldErrorsOf(c.activity.create(newActivity(over) as ReturnType<typeof newActivity>), "activity.create")).toEqual(errors);
    }
    expect(await db.selectFrom("activity").select("id").execute()).toEqual([]);
  });

  it("never lowers the capacity below the places taken", async () => {
    const { id } = await (await as(adminA)).activity.create(newActivity());
    for (let i = 0; i < 3; i++) {
      await makeSignup(db, { activityId: id, volunteerId: (await makeVolunteer(db, { courtyardId: tree.a.courtyard })).id });
    }
    const { communityId: _c, ...update } = newActivity({ capacity: 2 });
    expect(await fieldErrorsOf((await as(adminA)).activity.update({ id, ...update }), "activity.update")).toEqual({
      capacity: ["已有3人报名，名额不能少于已报名人数"],
    });
    await (await as(adminA)).activity.update({ id, ...update, capacity: 3, title: "清理小广告" });
    expect(await (await as(adminA)).activity.detail({ id })).toMatchObject({ capacity: 3, signedCount: 3, title: "清理小广告" });
    expect((await auditRows(db)).at(-1)).toMatchObject({ action: "activity.update", before: { capacity: 20 }, after: { capacity: 3 } });
  });

  it("cancels: gone from the lists, closed to sign-ups and changes", async () => {
    const { id } = await (await as(adminA)).activity.create(newActivity());
    expect(await (await as(adminA)).activity.cancel({ id })).toEqual({ ok: true });
    expect((await (await as(resident)).activity.detail({ id })).status).toBe("cancelled");
    expect(await (await as(null)).activity.publicList({ communityId: tree.a.community })).toEqual([]);
    const signUpError = await trpcErrorOf((await as(resident)).activity.signUp({ activityId: id }));
    expect([signUpError.code, signUpError.message]).toEqual(["NOT_FOUND", "活动不存在或已取消"]);
    const again = await trpcErrorOf((await as(adminA)).activity.cancel({ id }));
    expect([again.code, again.message]).toEqual(["BAD_REQUEST", "活动已取消"]);
    const { communityId: _c, ...update } = newActivity();
    expect((await trpcErrorOf((await as(adminA)).activity.update({ id, ...update }))).message).toBe("活动已取消，不能修改");
  });
});

describe("activity.signUp", () => {
  let activity: number;
  beforeEach(async () => {
    activity = await makeActivity(db, { communityId: tree.a.community, startsAt: inHours(48), endsAt: inHours(50) });
  });

  it("takes a place for a registered volunteer of the 社区", async () => {
    const { signupId } = await (await as(resident)).activity.signUp({ activityId: activity });
    const detail = await (await as(resident)).activity.detail({ id: activity });
    expect(detail.signedCount).toBe(1);
    expect(detail.mySignup).toEqual({ activityId: activity, status: "signed", checkInAt: null, checkOutAt: null, hoursStatus: "none", minutes: null, confirmedMinutes: null });
    expect((await (await as(resident)).activity.mine()).map((a) => [a.id, a.mySignup?.status])).toEqual([[activity, "signed"]]);
    expect(await (await as(workerA)).activity.roster({ id: activity })).toMatchObject([
      { signupId, name: "刘芳", mobile: "138****2222", status: "signed", hoursStatus: "none" },
    ]);
    // The 社区's admin sees the number, to call a volunteer who does not come.
    expect((await (await as(adminA)).activity.roster({ id: activity }))[0]?.mobile).toMatch(/^138\d{4}2222$/);
  });

  it("refuses non-volunteers, other 社区, duplicates and late comers", async () => {
    const plain = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })).id;
    const pending = await volunteerUser(tree.a.courtyard, undefined, "pending");
    const fromB = await volunteerUser(tree.b.courtyard);
    await (await as(resident)).activity.signUp({ activityId: activity });
    const cases: Array<[number, string]> = [
      [plain, "请先完成志愿者注册并通过审核"],
      [pending, "请先完成志愿者注册并通过审核"],
      [fromB, "只能报名本社区的活动"],
      [resident, "您已报名该活动"],
    ];
    for (const [userId, message] of cases) {
      expect(await fieldErrorsOf((await as(userId)).activity.signUp({ activityId: activity }), "activity.signUp")).toEqual({ activityId: [message] });
    }
    const late = await volunteerUser(tree.a.courtyard);
    const error = await domainErrorOf(signUp(db, await sessionFor(db, late), activity, new Date(Date.parse(inHours(48)) + 60_000)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe("活动已开始，不能报名");
    expect(await signedCount(activity)).toBe(1);
  });

  it("never exceeds the capacity, also with 60 callers at once for 20 places", async () => {
    const users = await Promise.all(Array.from({ length: 60 }, () => volunteerUser(tree.a.courtyard)));
    const callers = await Promise.all(users.map((u) => as(u)));
    const results = await Promise.allSettled(callers.map((c) => c.activity.signUp({ activityId: activity })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(refusals).toHaveLength(40);
    for (const reason of refusals) {
      expect(reason).toBeInstanceOf(TRPCError);
      expect([(reason as TRPCError).code, (reason as TRPCError).message]).toEqual(["CONFLICT", "名额已满"]);
    }
    expect(await signedCount(activity)).toBe(20);
    const signed = await db.selectFrom("activity_signup").select("id").where("activity_id", "=", activity).where("status", "=", "signed").execute();
    expect(signed).toHaveLength(20);

    // Outside a transaction the service's queries interleave; the place is still claimed atomically.
    const second = await makeActivity(db, { communityId: tree.a.community, startsAt: inHours(48), endsAt: inHours(50), capacity: 20 });
    const sessions = await Promise.all(users.map((u) => sessionFor(db, u)));
    const direct = await Promise.allSettled(sessions.map((s) => signUp(db, s, second)));
    expect(direct.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect(await signedCount(second)).toBe(20);
  });

  it("frees the place on cancel, until the activity starts", async () => {
    const small = await makeActivity(db, { communityId: tree.a.community, startsAt: inHours(48), endsAt: inHours(50), capacity: 1 });
    const other = await volunteerUser(tree.a.courtyard);
    await (await as(resident)).activity.signUp({ activityId: small });
    const full = await trpcErrorOf((await as(other)).activity.signUp({ activityId: small }));
    expect([full.code, full.message]).toEqual(["CONFLICT", "名额已满"]);

    expect(await (await as(resident)).activity.cancelSignup({ activityId: small })).toEqual({ ok: true });
    expect(await signedCount(small)).toBe(0);
    expect((await (await as(resident)).activity.detail({ id: small })).mySignup?.status).toBe("cancelled");
    const twice = await trpcErrorOf((await as(resident)).activity.cancelSignup({ activityId: small }));
    expect([twice.code, twice.message]).toEqual(["CONFLICT", "该报名已取消"]);
    await (await as(other)).activity.signUp({ activityId: small });
    expect((await trpcErrorOf((await as(resident)).activity.signUp({ activityId: small }))).message).toBe("名额已满");
    expect((await trpcErrorOf((await as(resident)).activity.cancelSignup({ activityId: activity }))).code).toBe("NOT_FOUND");

    const started = new Date(Date.parse(inHours(48)) + 60_000);
    const error = await domainErrorOf(cancelMySignup(db, await sessionFor(db, other), small, started));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect([error.kind, error.message]).toEqual(["conflict", "活动已开始，不能取消报名"]);
    expect(await signedCount(small)).toBe(1);
  });
});
