import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, DomainError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "../errors.js";
import { deriveDataKeys, signToken } from "../secrets/data-keys.js";
import { organiserAttend, qrToken, scanQr } from "./attendance-service.js";
import {
  TEST_KEYS,
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
  sheetsOf,
  trpcErrorOf,
} from "../testing/index.js";

// Saturday 2026-12-05, 9:00–11:00 in Shanghai. Time rules are tested through the services, which take `now`.
const S = Date.parse("2026-12-05T01:00:00.000Z");
const E = Date.parse("2026-12-05T03:00:00.000Z");
const at = (ms: number, minutes = 0) => new Date(ms + minutes * 60_000);
const iso = (ms: number, minutes = 0) => at(ms, minutes).toISOString();

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;
let workerA: number;
let activity: number;
let people: Array<{ userId: number; volunteerId: number; signupId: number }>;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  workerA = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
  activity = await makeActivity(db, { communityId: tree.a.community, startsAt: iso(S), endsAt: iso(E) });
  people = [];
  for (const [name, mobile] of [["刘芳", "13811112222"], ["陈晨", "13833334444"], ["杨洋", "13855556666"]] as const) {
    const userId = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community, name })).id;
    const volunteerId = (await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId, name, mobile })).id;
    people.push({ userId, volunteerId, signupId: await makeSignup(db, { activityId: activity, volunteerId }) });
  }
});

const as = (userId: number | null) => callerFor(db, userId);
const session = (userId: number): Promise<AuthSession> => sessionFor(db, userId);
async function refusal(call: Promise<unknown>): Promise<DomainError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
const signupRow = (id: number) =>
  db.selectFrom("activity_signup").select(["check_in_at", "check_out_at", "minutes", "hours_status", "confirmed_minutes"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("check-in and check-out by the organiser", () => {
  it("opens an hour before the start, closes check-out two hours after the end, and clips minutes", async () => {
    const organiser = await session(adminA);
    const [liu, chen, yang] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const attend = (signupId: number, kind: "in" | "out", when: Date) => organiserAttend(db, organiser, { signupId, kind }, when);

    const early = await refusal(attend(liu.signupId, "in", at(S, -61)));
    expect([early.constructor, early.message]).toEqual([ValidationError, "不在签到时间内（活动开始前1小时至结束）"]);
    expect(await attend(liu.signupId, "in", at(S, -30))).toEqual({ checkInAt: iso(S, -30), minutes: null });
    expect(await refusal(attend(liu.signupId, "in", at(S)))).toEqual(new ConflictError("已签到"));
    expect((await refusal(attend(liu.signupId, "out", at(E, 121)))).message).toBe("已超过签退时间，请联系组织者补录");
    expect(await attend(liu.signupId, "out", at(E, 60))).toEqual({ checkInAt: iso(S, -30), minutes: 120 });
    expect(await signupRow(liu.signupId)).toEqual({ check_in_at: iso(S, -30), check_out_at: iso(E, 60), minutes: 120, hours_status: "pending", confirmed_minutes: null });
    const twice = await refusal(attend(liu.signupId, "out", at(E, 61)));
    expect([twice.constructor, twice.message]).toEqual([InvalidTransitionError, "当前时长状态为“待确认”，不能签退"]);

    await attend(chen.signupId, "in", at(S, 10));
    expect((await attend(chen.signupId, "out", at(S, 100))).minutes).toBe(90);

    expect((await refusal(attend(yang.signupId, "out", at(S, 30)))).message).toBe("尚未签到，不能签退");
    expect((await refusal(attend(yang.signupId, "in", at(E, 1)))).message).toBe("不在签到时间内（活动开始前1小时至结束）");
    await db.updateTable("activity_signup").set({ status: "cancelled" }).where("id", "=", yang.signupId).execute();
    expect(await refusal(attend(yang.signupId, "in", at(S)))).toBeInstanceOf(NotFoundError);
  });

  it("is open to the 社区's grid workers, not to another 社区's admin", async () => {
    const [liu] = people;
    expect((await organiserAttend(db, await session(workerA), { signupId: liu!.signupId, kind: "in" }, at(S))).checkInAt).toBe(iso(S));
    expect(await refusal(organiserAttend(db, await session(adminB), { signupId: liu!.signupId, kind: "out" }, at(E)))).toBeInstanceOf(ForbiddenError);
    expect((await signupRow(liu!.signupId)).check_out_at).toBeNull();
  });
});

describe("QR check-in", () => {
  it("checks a volunteer in, then out, with the token from activity.qrToken", async () => {
    const soon = await makeActivity(db, { communityId: tree.a.community, startsAt: new Date(Date.now() + 30 * 60_000).toISOString(), endsAt: new Date(Date.now() + 150 * 60_000).toISOString() });
    const [liu, chen] = people;
    await makeSignup(db, { activityId: soon, volunteerId: liu!.volunteerId });
    const { token, expiresAt } = await (await as(workerA)).activity.qrToken({ id: soon });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const first = await (await as(liu!.userId)).activity.scan({ token });
    expect(first).toEqual({ activityId: soon, kind: "in", checkInAt: expect.any(String), minutes: null });
    // A second scan straight away is a double tap: refused, still checked in.
    const again = await trpcErrorOf((await as(liu!.userId)).activity.scan({ token }));
    expect(errorShapeOf(again, "activity.scan").data.fieldErrors).toEqual({ token: ["您已签到，活动结束时再扫码签退"] });
    expect((await (await as(liu!.userId)).activity.detail({ id: soon })).mySignup).toMatchObject({ checkOutAt: null });
    const notSigned = await trpcErrorOf((await as(chen!.userId)).activity.scan({ token }));
    expect(errorShapeOf(notSigned, "activity.scan").data.fieldErrors).toEqual({ token: ["您没有报名该活动"] });
  });

  it("gives the link the code encodes at the public address, or as a path in-process", async () => {
    const { token, url } = await (await as(workerA)).activity.qrToken({ id: activity });
    expect(url).toBe(`/checkin?t=${encodeURIComponent(token)}`);
    const served = await callerFor(db, workerA, undefined, { publicBaseUrl: "https://cc.example.cn" });
    const qr = await served.activity.qrToken({ id: activity });
    expect(qr.url).toBe(`https://cc.example.cn/checkin?t=${encodeURIComponent(qr.token)}`);
  });

  it("counts the minutes between the scans, within the activity's time", async () => {
    const [liu] = people;
    const volunteer = await session(liu!.userId);
    const opening = await qrToken(db, TEST_KEYS, await session(workerA), activity, at(S, -5));
    expect(await scanQr(db, TEST_KEYS, volunteer, opening.token, at(S, -3))).toEqual({ activityId: activity, kind: "in", checkInAt: iso(S, -3), minutes: null });
    const stale = await refusal(scanQr(db, TEST_KEYS, volunteer, opening.token, at(S, 6)));
    expect([stale.constructor, stale.message]).toEqual([ValidationError, "二维码无效或已过期，请重新扫码"]);
    const closing = await qrToken(db, TEST_KEYS, await session(adminA), activity, at(E, -1));
    expect(await scanQr(db, TEST_KEYS, volunteer, closing.token, at(E, 5))).toMatchObject({ kind: "out", minutes: 120 });
  });

  it("refuses an expired, altered or foreign token", async () => {
    const [liu] = people;
    const old = await qrToken(db, TEST_KEYS, await session(adminA), activity, new Date(Date.now() - 11 * 60_000));
    const valid = await qrToken(db, TEST_KEYS, await session(adminA), activity);
    const [, signature] = valid.token.split(".");
    const otherBody = Buffer.from(JSON.stringify({ a: activity + 1, exp: Date.now() + 60_000 })).toString("base64url");
    const tokens = [
      old.token,
      `${otherBody}.${signature}`,
      signToken(deriveDataKeys(Buffer.alloc(32, 7)), { a: activity }, new Date(Date.now() + 60_000)),
      "not-a-token-at-all",
    ];
    for (const token of tokens) {
      const error = await trpcErrorOf((await as(liu!.userId)).activity.scan({ token }));
      expect(errorShapeOf(error, "activity.scan").data.fieldErrors).toEqual({ token: ["二维码无效或已过期，请重新扫码"] });
    }
    expect((await signupRow(liu!.signupId)).check_in_at).toBeNull();
  });
});

describe("hours", () => {
  let done: number;
  let other: number;
  beforeEach(async () => {
    const [liu, chen] = people;
    await db.updateTable("volunteer").set({ confirmed_minutes: 99 * 60 }).where("id", "=", liu!.volunteerId).execute();
    const checkedOut = { check_in_at: iso(S), check_out_at: iso(E), hours_status: "pending" as const };
    await db.updateTable("activity_signup").set({ ...checkedOut, minutes: 120 }).where("id", "=", liu!.signupId).execute();
    await db.updateTable("activity_signup").set({ ...checkedOut, minutes: 90 }).where("id", "=", chen!.signupId).execute();
    done = liu!.signupId;
    other = chen!.signupId;
  });

  it("count only once confirmed, and raise the star level on the volunteer card", async () => {
    const liu = people[0]!;
    expect(await (await as(liu.userId)).volunteer.mine()).toMatchObject({ hours: 99, star: { stars: 0, label: "未评星", toNext: 1 } });
    expect(await (await as(adminA)).activity.confirmHours({ signupIds: [done] })).toEqual({ count: 1 });
    const card = await (await as(liu.userId)).volunteer.mine();
    expect(card).toMatchObject({ hours: 101, star: { stars: 1, label: "一星", toNext: 199 } });
    expect(card?.activities).toEqual([
      {
        activityId: activity,
        title: "清理楼道小广告",
        kind: "volunteer_service",
        startsAt: iso(S),
        activityStatus: "published",
        signupStatus: "signed",
        checkInAt: iso(S),
        hoursStatus: "confirmed",
        hours: 2,
      },
    ]);
    expect((await (await as(liu.userId)).activity.mine())[0]?.mySignup).toMatchObject({ hoursStatus: "confirmed", confirmedMinutes: 120 });
    expect((await auditRows(db)).at(-1)).toMatchObject({
      action: "activity.confirm_hours",
      actor_id: adminA,
      target_id: String(done),
      before: { hoursStatus: "pending", minutes: 120 },
      after: { hoursStatus: "confirmed", minutes: 120 },
    });
    const again = await trpcErrorOf((await as(adminA)).activity.confirmHours({ signupIds: [done] }));
    expect([again.code, again.message]).toEqual(["CONFLICT", "当前时长状态为“已确认”，不能确认时长"]);
  });

  it("are confirmed all or nothing, and only by the 社区's organisers", async () => {
    const error = await trpcErrorOf((await as(adminA)).activity.confirmHours({ signupIds: [other, people[2]!.signupId] }));
    // people[2] never checked in: 未签到, not 未签退.
    expect([error.code, error.message]).toEqual(["CONFLICT", "当前时长状态为“未签到”，不能确认时长"]);
    expect((await signupRow(other)).hours_status).toBe("pending");
    expect((await trpcErrorOf((await as(adminB)).activity.confirmHours({ signupIds: [other] }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await as(workerA)).activity.confirmHours({ signupIds: [other] }))).code).toBe("FORBIDDEN");
    expect(await db.selectFrom("volunteer").select("confirmed_minutes").where("id", "=", people[1]!.volunteerId).executeTakeFirst()).toEqual({ confirmed_minutes: 0 });
  });

  it("are adjusted only with a reason, one person at a time, within the activity's length", async () => {
    const c = await as(adminA);
    const fieldErrors = async (input: Parameters<typeof c.activity.confirmHours>[0]) =>
      errorShapeOf(await trpcErrorOf(c.activity.confirmHours(input)), "activity.confirmHours").data.fieldErrors;
    expect(await fieldErrors({ signupIds: [done], minutes: 90 })).toEqual({ reason: ["调整时长需填写原因"] });
    expect(await fieldErrors({ signupIds: [done, other], minutes: 90, reason: "提前离场" })).toEqual({ signupIds: ["调整时长一次只能调整一人"] });
    expect(await fieldErrors({ signupIds: [done], minutes: 121, reason: "多算" })).toEqual({ minutes: ["时长不能超过活动时长（120分钟）"] });

    await c.activity.confirmHours({ signupIds: [done] });
    await c.activity.confirmHours({ signupIds: [done], minutes: 90, reason: "提前离场" });
    const minutesOf = async (i: number) =>
      (await db.selectFrom("volunteer").select("confirmed_minutes").where("id", "=", people[i]!.volunteerId).executeTakeFirstOrThrow()).confirmed_minutes;
    expect(await minutesOf(0)).toBe(99 * 60 + 90);
    expect((await c.activity.roster({ id: activity }))[0]).toMatchObject({ confirmedMinutes: 90, hoursStatus: "confirmed", adjustReason: "提前离场" });
    expect((await auditRows(db)).at(-1)).toMatchObject({ action: "activity.adjust_hours", after: { hoursStatus: "confirmed", minutes: 90, reason: "提前离场" } });

    // 补录: someone who never checked out gets hours from the organiser, with a reason.
    await c.activity.confirmHours({ signupIds: [people[2]!.signupId], minutes: 60, reason: "忘记签退，组织者补录" });
    expect(await minutesOf(2)).toBe(60);
  });
});

describe("the volunteer card's 服务记录", () => {
  it("lists the sign-ups that stand, not the ones cancelled by the volunteer or the 社区", async () => {
    const liu = people[0]!;
    const later = (title: string, days: number) =>
      makeActivity(db, { communityId: tree.a.community, title, startsAt: iso(S, days * 1440), endsAt: iso(E, days * 1440) });
    const dropped = await later("义务理发", 1);
    const called = await later("文明劝导", 2);
    const doneThenCalled = await later("敬老院探访", 3);
    await makeSignup(db, { activityId: dropped, volunteerId: liu.volunteerId });
    await db.updateTable("activity_signup").set({ status: "cancelled" }).where("activity_id", "=", dropped).execute();
    await makeSignup(db, { activityId: called, volunteerId: liu.volunteerId });
    await makeSignup(db, { activityId: doneThenCalled, volunteerId: liu.volunteerId, checkInAt: iso(S, 3 * 1440), checkOutAt: iso(E, 3 * 1440), minutes: 120 });
    const c = await as(adminA);
    await c.activity.cancel({ id: called });
    await c.activity.cancel({ id: doneThenCalled });

    const card = await (await as(liu.userId)).volunteer.mine();
    // The activity with hours stays (its hours are in the total), marked by its status; the others go.
    expect(card?.activities.map((a) => [a.title, a.activityStatus, a.signupStatus])).toEqual([
      ["敬老院探访", "cancelled", "signed"],
      ["清理楼道小广告", "published", "signed"],
    ]);
    // 我的活动 still shows all four, the cancelled ones as such.
    expect((await (await as(liu.userId)).activity.mine()).map((a) => [a.title, a.status, a.mySignup?.status])).toEqual([
      ["敬老院探访", "cancelled", "signed"],
      ["文明劝导", "cancelled", "signed"],
      ["义务理发", "published", "cancelled"],
      ["清理楼道小广告", "published", "signed"],
    ]);
  });
});

describe("activity.exportSignIn", () => {
  it("writes the 签到表 of those signed up, with masked mobiles and hours", async () => {
    const [liu, , yang] = people;
    await db
      .updateTable("activity_signup")
      .set({ check_in_at: iso(S), check_out_at: iso(E), minutes: 120, hours_status: "confirmed", confirmed_minutes: 120 })
      .where("id", "=", liu!.signupId)
      .execute();
    await db.updateTable("activity_signup").set({ status: "cancelled" }).where("id", "=", yang!.signupId).execute();
    const { fileName, base64 } = await (await as(workerA)).activity.exportSignIn({ id: activity });
    expect(fileName).toBe("清理楼道小广告-20261205-签到表.xlsx");
    const across = (line: string) => Array<string>(8).fill(line);
    expect((await sheetsOf(base64))["签到表"]).toEqual([
      // The title block, each line across the table's width (merged cells).
      across("志愿服务签到表"),
      across("活动名称：清理楼道小广告"),
      across("时间：2026/12/05 09:00–11:00"),
      across("地点：社区广场"),
      across("组织单位：甲社区"),
      ["序号", "姓名", "手机号", "签到时间", "签退时间", "时长（小时）", "时长状态", "本人签名"],
      ["1", "刘芳", "138****2222", "2026/12/05 09:00", "2026/12/05 11:00", "2", "已确认", ""],
      // Never checked in: 未签到, not 未签退.
      ["2", "陈晨", "138****4444", "", "", "", "未签到", ""],
    ]);
    expect((await trpcErrorOf((await as(adminB)).activity.exportSignIn({ id: activity }))).code).toBe("FORBIDDEN");
  });
});
