import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
  validIdNumber,
} from "../testing/index.js";
import { idLast4Matches, idNumberHintForClaim, maskNameForClaim } from "./claim-rules.js";

// A paper-form volunteer imported by the 社区 (已注册, no account) registers on the portal with the
// mobile of the form, and claims the record by the last four characters of the 身份证号.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let resident: number;
let paper: Awaited<ReturnType<typeof makeVolunteer>>;
const MOBILE = "13912340001";

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  // The paper record lives in 社区 B; the account was opened in 社区 A: a claim works in any 社区.
  paper = await makeVolunteer(db, {
    courtyardId: tree.b.courtyard,
    name: "王小红",
    mobile: MOBILE,
    idNumber: validIdNumber("1960-03-08", false),
    confirmedMinutes: 150,
  });
  resident = (
    await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      mobile: MOBILE,
      name: "王小红",
    })
  ).id;
});

const as = (userId: number) => callerFor(db, userId);
const last4 = () => paper.idNumber.slice(-4);
const wrong = () => (last4() === "0000" ? "1111" : "0000");
async function claimError(userId: number, idLast4: string) {
  const error = await trpcErrorOf((await as(userId)).volunteer.claim({ idLast4 }));
  return {
    code: error.code,
    message: error.message,
    fieldErrors: errorShapeOf(error, "volunteer.claim").data.fieldErrors,
  };
}

describe("claim rules", () => {
  it("masks the name so its owner recognises it, and shows only the start of the 身份证号", () => {
    expect(maskNameForClaim("王小红")).toBe("王*红");
    expect(maskNameForClaim("王红")).toBe("王*");
    expect(maskNameForClaim("欧阳小峰")).toBe("欧**峰");
    expect(idNumberHintForClaim("620102********123X")).toBe("6201**************");
  });
  it("takes the last four with an x in either case", () => {
    expect(idLast4Matches("620102********123X", "123x")).toBe(true);
    expect(idLast4Matches("620102********123X", " 123X ")).toBe(true);
    expect(idLast4Matches("620102********123X", "1234")).toBe(false);
  });
});

describe("volunteer.claimable", () => {
  it("offers the record under the account's mobile, masked, with the tries left", async () => {
    const offer = await (await as(resident)).volunteer.claimable();
    expect(offer).toEqual({
      records: [
        {
          id: paper.id,
          name: "王*红",
          idNumber: `${paper.idNumber.slice(0, 4)}**************`,
          communityName: "乙社区",
          courtyardName: "乙社区一号院",
        },
      ],
      triesLeft: 5,
    });
    expect(JSON.stringify(offer)).not.toContain(last4());
  });

  it("offers nothing to another mobile, for a record with an account or not 已注册, or to someone already registered", async () => {
    const other = (
      await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })
    ).id;
    expect(await (await as(other)).volunteer.claimable()).toBeNull();

    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, status: "pending" });
    expect(await (await as(resident)).volunteer.claimable()).toBeNull();
    await db.deleteFrom("volunteer").where("user_id", "=", resident).execute();

    await db.updateTable("volunteer").set({ status: "pending" }).where("id", "=", paper.id).execute();
    expect(await (await as(resident)).volunteer.claimable()).toBeNull();
  });
});

describe("volunteer.claim", () => {
  it("links the record on the right last four: the card shows 已注册 with its hours; audited", async () => {
    const me = await as(resident);
    await me.volunteer.claim({ idLast4: last4().toLowerCase() });
    const card = await me.volunteer.mine();
    expect(card).toMatchObject({
      id: paper.id,
      status: "registered",
      name: "王小红",
      hours: 2.5,
      communityName: "乙社区",
    });
    expect(await me.volunteer.claimable()).toBeNull();
    expect((await auditRows(db)).map((r) => [r.action, r.actor_id, r.target_id, r.org_unit_id])).toEqual([
      ["volunteer.claim", resident, String(paper.id), paper.communityId],
    ]);
    expect(await claimError(resident, last4())).toMatchObject({
      code: "CONFLICT",
      message: "您已有志愿者登记，无需认领",
    });
  });

  it("refuses a wrong last four beside the field, saying how many tries are left, and stops after five a day", async () => {
    for (let left = 4; left >= 1; left--) {
      expect((await claimError(resident, wrong())).fieldErrors).toEqual({
        idLast4: [`身份证号后4位不正确，今天还可尝试${left}次`],
      });
    }
    expect((await (await as(resident)).volunteer.claimable())?.triesLeft).toBe(1);
    expect((await claimError(resident, wrong())).fieldErrors).toEqual({
      idLast4: ["身份证号后4位不正确，今天的尝试次数已用完，请明天再试或联系社区"],
    });
    // The right answer no longer helps today.
    expect(await claimError(resident, last4())).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "今天输入错误次数过多，请明天再试，或带身份证到社区办公室办理",
    });
    expect(
      (
        await db
          .selectFrom("volunteer")
          .select("user_id")
          .where("id", "=", paper.id)
          .executeTakeFirstOrThrow()
      ).user_id,
    ).toBeNull();
    // A day later it counts again.
    await db
      .updateTable("volunteer_claim_failure")
      .set({ at: new Date(Date.now() - 25 * 3_600_000).toISOString() })
      .execute();
    await (await as(resident)).volunteer.claim({ idLast4: last4() });
    expect((await (await as(resident)).volunteer.mine())?.status).toBe("registered");
  });

  it("checks the input's shape, and refuses a mobile without a record", async () => {
    expect((await claimError(resident, "12")).fieldErrors).toEqual({
      idLast4: ["请输入身份证号的最后4位（数字，最后一位可能是X）"],
    });
    const other = (
      await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })
    ).id;
    expect(await claimError(other, last4())).toMatchObject({
      code: "CONFLICT",
      message: "没有找到可认领的志愿者信息",
    });
  });

  it("replaces the caller's 已驳回 registration with the claimed record", async () => {
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, status: "rejected" });
    expect(await (await as(resident)).volunteer.claimable()).not.toBeNull();
    await (await as(resident)).volunteer.claim({ idLast4: last4() });
    expect(
      await db.selectFrom("volunteer").select(["id", "status"]).where("user_id", "=", resident).execute(),
    ).toEqual([{ id: paper.id, status: "registered" }]);
  });
});
