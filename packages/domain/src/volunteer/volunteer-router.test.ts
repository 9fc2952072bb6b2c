import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { decryptField } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
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
  sheetsOf,
  trpcErrorOf,
  validIdNumber,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;
let resident: number;
let neighbour: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  const lives = (c: typeof tree.a) => ({ role: "resident" as const, unitId: c.community, communityId: c.community, courtyardId: c.courtyard });
  resident = (await makeUser(db, { ...lives(tree.a), name: "王小红" })).id;
  neighbour = (await makeUser(db, { ...lives(tree.b), name: "赵大山" })).id;
});

const as = (userId: number | null) => callerFor(db, userId);
const YEAR = Number(chinaToday().slice(0, 4));
const form = (over: Record<string, unknown> = {}) => ({
  name: "王小红",
  idNumber: validIdNumber("1990-05-05", false),
  mobile: "13812345678",
  courtyardId: tree.a.courtyard,
  politicalStatus: "league_member" as const,
  skills: ["arts" as const, "elderly_care" as const],
  serviceTimes: ["weekend_morning" as const, "weekday_evening" as const],
  dataConsent: true as const,
  ...over,
});
/** Registers as `userId` and expects a field error; returns { code, message, fieldErrors }. */
async function refusal(userId: number, input: ReturnType<typeof form>) {
  const error = await trpcErrorOf((await as(userId)).volunteer.register(input));
  const shape = errorShapeOf(error, "volunteer.register");
  return { code: error.code, message: shape.message, fieldErrors: shape.data.fieldErrors };
}
const volunteerOf = (userId: number) => db.selectFrom("volunteer").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();

describe("volunteer.register", () => {
  it("files a 待审核 registration with gender and birth date read from the 身份证号", async () => {
    const idNumber = validIdNumber("1990-05-05", true);
    const { id, status } = await (await as(resident)).volunteer.register(form({ idNumber }));
    expect(status).toBe("pending");
    const mine = await (await as(resident)).volunteer.mine();
    expect(mine).toMatchObject({
      id,
      status: "pending",
      name: "王小红",
      gender: "male",
      birthDate: "1990-05-05",
      idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
      mobile: "138****5678",
      politicalStatus: "league_member",
      serviceTimes: ["weekend_morning", "weekday_evening"],
      courtyardName: "甲社区一号院",
      communityId: tree.a.community,
      communityName: "甲社区",
      registeredAt: null,
      hours: 0,
      star: { stars: 0, label: "未评星", toNext: 100 },
    });
    expect(mine?.skills.sort()).toEqual(["arts", "elderly_care"]);
  });

  it("refuses a wrong check character beside the 身份证号 field", async () => {
    const good = validIdNumber("1990-05-05", false);
    const wrong = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(await refusal(resident, form({ idNumber: wrong }))).toEqual({
      code: "BAD_REQUEST",
      message: "身份证号校验位不正确，请核对",
      fieldErrors: { idNumber: ["身份证号校验位不正确，请核对"] },
    });
    expect((await refusal(resident, form({ idNumber: good.slice(0, 16) }))).fieldErrors).toEqual({ idNumber: ["身份证号应为18位"] });
    expect(await db.selectFrom("volunteer").select("id").execute()).toEqual([]);
  });

  it("reads a lower-case x as X", async () => {
    await (await as(resident)).volunteer.register(form({ idNumber: "11010519491231002x" }));
    const row = await volunteerOf(resident);
    expect(row.id_number_masked).toBe("110105********002X");
    expect(decryptField(TEST_KEYS, row.id_number_enc!)).toBe("11010519491231002X");
    expect(row).toMatchObject({ gender: "female", birth_date: "1949-12-31" });
  });

  it("refuses under 14 and needs a guardian's consent from 14 to 17", async () => {
    const child = validIdNumber(`${YEAR - 12}-01-01`, true);
    expect((await refusal(resident, form({ idNumber: child, guardianConsent: true }))).fieldErrors).toEqual({
      idNumber: ["未满14周岁，请由监护人陪同到社区办公室登记"],
    });
    const teen = validIdNumber(`${YEAR - 16}-01-01`, false);
    expect(await refusal(resident, form({ idNumber: teen }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { guardianConsent: ["未满18周岁，需勾选监护人同意"] },
    });
    expect((await (await as(resident)).volunteer.register(form({ idNumber: teen, guardianConsent: true }))).status).toBe("pending");
    expect((await volunteerOf(resident)).guardian_consent).toBe(1);
  });

  it("needs the consent for the sensitive data", async () => {
    for (const dataConsent of [false, undefined]) {
      expect((await refusal(resident, form({ dataConsent }))).fieldErrors).toEqual({ dataConsent: ["请阅读并同意个人信息使用说明"] });
    }
  });

  it("takes one registration per 身份证号 in the whole system, and does not say whose it is", async () => {
    const idNumber = validIdNumber("1985-03-03", false);
    await (await as(resident)).volunteer.register(form({ idNumber }));
    await (await as(adminA)).volunteer.review({ ids: [(await volunteerOf(resident)).id], action: "approve" });
    const other = { name: "赵大山", mobile: "13998765432", courtyardId: tree.b.courtyard };
    for (const given of [idNumber, idNumber.toLowerCase()]) {
      const refused = await refusal(neighbour, form({ ...other, idNumber: given }));
      expect(refused).toEqual({
        code: "BAD_REQUEST",
        message: "该身份证号已登记为志愿者，如有疑问请联系社区",
        fieldErrors: { idNumber: ["该身份证号已登记为志愿者，如有疑问请联系社区"] },
      });
      for (const secret of ["王小红", "13812345678", "138****5678", "甲社区"]) expect(JSON.stringify(refused)).not.toContain(secret);
    }
    expect(await db.selectFrom("volunteer").select("user_id").execute()).toEqual([{ user_id: resident }]);
  });

  it("stores the 身份证号 only encrypted, with a blind index and a masked copy", async () => {
    const idNumber = validIdNumber("1990-05-05", false);
    await (await as(resident)).volunteer.register(form({ idNumber }));
    const row = await volunteerOf(resident);
    expect(row.id_number_enc).toMatch(/^v1\./);
    expect(row.id_number_index).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id_number_masked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(JSON.stringify(row)).not.toContain(idNumber.slice(6, 14));
    expect(decryptField(TEST_KEYS, row.id_number_enc!)).toBe(idNumber);
  });

  it("shows the 身份证号 in no output but revealIdNumber, which is audited", async () => {
    const idNumber = validIdNumber("1990-05-05", false);
    const { id } = await (await as(resident)).volunteer.register(form({ idNumber }));
    const admin = await as(adminA);
    await admin.volunteer.review({ ids: [id], action: "approve" });
    const outputs = [
      await (await as(resident)).volunteer.mine(),
      await admin.volunteer.roster({}),
      await admin.volunteer.detail({ id }),
      await admin.audit.list({ page: 1, pageSize: 50 }),
      await sheetsOf((await admin.volunteer.exportRoster({})).base64),
    ];
    for (const out of outputs) expect(JSON.stringify(out)).not.toContain(idNumber.slice(6, 14));
    const before = (await auditRows(db)).length;

    expect(await admin.volunteer.revealIdNumber({ id })).toEqual({ idNumber });
    const rows = await auditRows(db);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ action: "volunteer.reveal_id", actor_id: adminA, target_id: String(id), org_unit_id: tree.a.community });
    expect(JSON.stringify(rows)).not.toContain(idNumber);
    expect((await trpcErrorOf((await as(adminB)).volunteer.revealIdNumber({ id }))).code).toBe("FORBIDDEN");
    expect(await auditRows(db)).toHaveLength(before + 1);
  });
});

describe("registration states", () => {
  it("approves: 待审核 -> 已注册, audited", async () => {
    const { id } = await (await as(resident)).volunteer.register(form());
    expect(await (await as(adminA)).volunteer.review({ ids: [id], action: "approve" })).toEqual({ count: 1, joined: 0 });
    expect(await (await as(resident)).volunteer.mine()).toMatchObject({ status: "registered", registeredAt: expect.any(String) });
    expect((await auditRows(db)).at(-1)).toMatchObject({
      action: "volunteer.approve",
      actor_id: adminA,
      before: { status: "pending" },
      after: { status: "registered" },
    });
  });

  it("rejects only with a reason; the resident corrects and resubmits", async () => {
    const { id } = await (await as(resident)).volunteer.register(form());
    const admin = await as(adminA);
    const error = await trpcErrorOf(admin.volunteer.review({ ids: [id], action: "reject", reason: "  " }));
    expect(errorShapeOf(error, "volunteer.review").data.fieldErrors).toEqual({ reason: ["请填写驳回原因"] });
    await admin.volunteer.review({ ids: [id], action: "reject", reason: "手机号与本人不符" });
    expect(await (await as(resident)).volunteer.mine()).toMatchObject({ status: "rejected", rejectReason: "手机号与本人不符" });

    const again = await (await as(resident)).volunteer.register(form({ mobile: "13812340000" }));
    expect(again).toEqual({ id, status: "pending" });
    expect(await (await as(resident)).volunteer.mine()).toMatchObject({ status: "pending", rejectReason: null, mobile: "138****0000" });
  });

  it("refuses every illegal move with CONFLICT and a Chinese message", async () => {
    const registered = await makeVolunteer(db, { courtyardId: tree.a.courtyard });
    const rejected = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "rejected" });
    const withdrawn = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "withdrawn" });
    const admin = await as(adminA);
    // Each call starts only when awaited: a refusal nobody awaits yet is an unhandled rejection.
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => admin.volunteer.review({ ids: [registered.id], action: "approve" }), "当前状态为“已注册”，不能通过"],
      [() => admin.volunteer.review({ ids: [rejected.id], action: "reject", reason: "再驳" }), "当前状态为“已驳回”，不能驳回"],
      [() => admin.volunteer.review({ ids: [withdrawn.id], action: "approve" }), "当前状态为“已注销”，不能通过"],
    ];
    await (await as(resident)).volunteer.register(form());
    const again = await as(resident);
    cases.push([() => again.volunteer.register(form()), "当前状态为“待审核”，不能重新提交"]);
    for (const [call, message] of cases) {
      const error = await trpcErrorOf(call());
      expect([error.code, error.message]).toEqual(["CONFLICT", message]);
    }
  });

  it("lets an applicant take back a pending application, erasing the 身份证号", async () => {
    const { id } = await (await as(resident)).volunteer.register(form());
    expect(await (await as(resident)).volunteer.withdraw()).toEqual({ ok: true });
    const row = await db.selectFrom("volunteer").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "withdrawn", user_id: null, name: null, id_number_enc: null, id_number_index: null });
    expect(await (await as(resident)).volunteer.mine()).toBeNull();
    expect((await trpcErrorOf((await as(resident)).volunteer.withdraw())).code).toBe("NOT_FOUND");
  });

  it("approves in bulk all or nothing", async () => {
    const p = await Promise.all([1, 2, 3].map(() => makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" })));
    const done = await makeVolunteer(db, { courtyardId: tree.a.courtyard });
    const inB = await makeVolunteer(db, { courtyardId: tree.b.courtyard, status: "pending" });
    const admin = await as(adminA);
    expect((await trpcErrorOf(admin.volunteer.review({ ids: [p[0]!.id, done.id, p[1]!.id], action: "approve" }))).code).toBe("CONFLICT");
    expect((await trpcErrorOf(admin.volunteer.review({ ids: [p[0]!.id, inB.id], action: "approve" }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(admin.volunteer.review({ ids: [p[0]!.id, 9999], action: "approve" }))).code).toBe("NOT_FOUND");
    const statuses = await db.selectFrom("volunteer").select("status").where("status", "=", "pending").execute();
    expect(statuses).toHaveLength(4);
    expect(await auditRows(db)).toEqual([]);

    expect(await admin.volunteer.review({ ids: p.map((v) => v.id), action: "approve" })).toEqual({ count: 3, joined: 0 });
    expect((await auditRows(db)).map((r) => r.action)).toEqual(["volunteer.approve", "volunteer.approve", "volunteer.approve"]);
  });

  it("withdraws: erases the person, keeps the hours, frees upcoming places", async () => {
    const me = await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, confirmedMinutes: 600 });
    const past = await makeActivity(db, { communityId: tree.a.community, startsAt: "2025-06-01T01:00:00Z", endsAt: "2025-06-01T03:00:00Z" });
    const soon = await makeActivity(db, { communityId: tree.a.community, startsAt: "2099-06-01T01:00:00Z", endsAt: "2099-06-01T03:00:00Z" });
    await makeSignup(db, { activityId: past, volunteerId: me.id });
    await makeSignup(db, { activityId: soon, volunteerId: me.id });
    const team = await db
      .insertInto("team")
      .values({ community_id: tree.a.community, name: "环卫队", description: null, leader_volunteer_id: me.id, created_at: "2026-01-01T00:00:00Z" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("team_member").values({ team_id: team.id, volunteer_id: me.id, joined_at: "2026-01-01T00:00:00Z" }).execute();

    expect(await (await as(resident)).volunteer.withdraw()).toEqual({ ok: true });
    const row = await db.selectFrom("volunteer").selectAll().where("id", "=", me.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "withdrawn",
      user_id: null,
      name: null,
      mobile: null,
      id_number_enc: null,
      id_number_index: null,
      id_number_masked: null,
      birth_date: null,
      confirmed_minutes: 600,
      community_id: tree.a.community,
    });
    const signups = await db.selectFrom("activity_signup").select(["activity_id", "status"]).orderBy("activity_id").execute();
    expect(signups).toEqual([
      { activity_id: past, status: "signed" },
      { activity_id: soon, status: "cancelled" },
    ]);
    const counts = await db.selectFrom("activity").select(["id", "signed_count"]).orderBy("id").execute();
    expect(counts).toEqual([{ id: past, signed_count: 1 }, { id: soon, signed_count: 0 }]);
    expect(await db.selectFrom("team").select("leader_volunteer_id").executeTakeFirst()).toEqual({ leader_volunteer_id: null });
    expect(await db.selectFrom("team_member").selectAll().execute()).toEqual([]);
    expect(await (await as(resident)).volunteer.mine()).toBeNull();
    expect((await auditRows(db)).at(-1)).toMatchObject({ action: "volunteer.withdraw", target_id: String(me.id) });

    // The number is free again: the same person may register anew.
    expect((await (await as(resident)).volunteer.register(form({ idNumber: me.idNumber }))).status).toBe("pending");
  });
});
