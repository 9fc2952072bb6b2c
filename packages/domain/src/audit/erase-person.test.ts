import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  makeOrgTree,
  makeUser,
  makeVolunteer,
} from "../testing/index.js";
import type { AuditAction, AuditTargetType } from "./actions.js";
import { erasePersonFromAudit, recordAudit, redactAuditOf } from "./audit-service.js";

// When a person's data is erased, the audit rows about them lose what they recorded of the person
// (name, number, registration) and keep what happened.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

const write = (
  action: AuditAction,
  targetType: AuditTargetType,
  targetId: number,
  before: unknown,
  after: unknown,
) => recordAudit(db, null, { action, targetType, targetId, orgUnitId: tree.a.community, before, after });

const snapshots = async () => (await auditRows(db)).map((r) => [r.action, r.before, r.after]);

describe("erasePersonFromAudit", () => {
  it("drops the personal fields of the rows about the account and the volunteer, and nothing else", async () => {
    await write("role.grant", "user", 7, undefined, {
      grantId: 1,
      user: "王小红",
      role: "grid_worker",
      unitId: 3,
    });
    await write("user.create", "user", 7, undefined, { name: "王小红", mobile: "137****0001" });
    await write(
      "volunteer.import_update",
      "volunteer",
      9,
      { name: "王小红", mobile: "137****0001", courtyardId: 4, skills: ["arts"] },
      { name: "王红", mobile: "137****0002", courtyardId: 5, skills: ["medical"] },
    );
    await write("volunteer.approve", "volunteer", 9, { status: "pending" }, { status: "registered" });
    // Someone else's rows, with the same id under another kind of subject, stay as they are.
    await write("user.create", "user", 9, undefined, { name: "李四", mobile: "137****0009" });
    await write("org.update", "org_unit", 7, { name: "旧名" }, { name: "新名" });

    await erasePersonFromAudit(db, { userId: 7, volunteerId: 9 });

    expect(await snapshots()).toEqual([
      ["role.grant", null, { grantId: 1, role: "grid_worker", unitId: 3 }],
      ["user.create", null, null],
      ["volunteer.import_update", null, null],
      ["volunteer.approve", { status: "pending" }, { status: "registered" }],
      ["user.create", null, { name: "李四", mobile: "137****0009" }],
      ["org.update", { name: "旧名" }, { name: "新名" }],
    ]);
  });

  it("runs when a volunteer withdraws: an import's changes of their record lose the personal fields", async () => {
    const resident = await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    const volunteer = await makeVolunteer(db, {
      courtyardId: tree.a.courtyard,
      userId: resident.id,
      name: "王小红",
    });
    await write(
      "volunteer.import_update",
      "volunteer",
      volunteer.id,
      { mobile: "137****0001", politicalStatus: "masses" },
      { mobile: "137****0002", politicalStatus: "party_member" },
    );
    await (await callerFor(db, resident.id)).volunteer.withdraw();
    expect(await snapshots()).toEqual([
      ["volunteer.import_update", null, null],
      ["volunteer.withdraw", null, null],
    ]);
  });
});

describe("redactAuditOf", () => {
  it("replaces the fields named in the rows about the records named, at the unit named, and nothing else", async () => {
    await write("board.withdraw", "board_entry", 7, undefined, { reason: "刘芳已清理" });
    await write("board.decide_appeal", "board_entry", 7, undefined, { decision: "维持", reason: "刘芳家的" });
    await write("board.approve", "board_entry", 7, { status: "待审核" }, { status: "已公示" });
    // Another entry, the same id as another kind of record, and a row of entry 7 at another unit.
    await write("board.withdraw", "board_entry", 8, undefined, { reason: "王五已清理" });
    await write("org.update", "org_unit", 7, undefined, { reason: "改名" } as unknown);
    await recordAudit(db, null, {
      action: "board.reject",
      targetType: "board_entry",
      targetId: 7,
      orgUnitId: tree.b.community,
      after: { reason: "刘芳" },
    });

    const changed = await redactAuditOf(
      db,
      { type: "board_entry", ids: [7], orgUnitId: tree.a.community },
      ["reason", "name"],
      "（已删除）",
    );
    expect(changed).toBe(2);
    expect(await snapshots()).toEqual([
      ["board.withdraw", null, { reason: "（已删除）" }],
      ["board.decide_appeal", null, { decision: "维持", reason: "（已删除）" }],
      ["board.approve", { status: "待审核" }, { status: "已公示" }],
      ["board.withdraw", null, { reason: "王五已清理" }],
      ["org.update", null, { reason: "改名" }],
      ["board.reject", null, { reason: "刘芳" }],
    ]);
    // Again: nothing left to change. Without the unit: every row of the record.
    expect(
      await redactAuditOf(
        db,
        { type: "board_entry", ids: [7], orgUnitId: tree.a.community },
        ["reason"],
        "（已删除）",
      ),
    ).toBe(0);
    expect(await redactAuditOf(db, { type: "board_entry", ids: [7] }, ["reason"], "（已删除）")).toBe(1);
  });
});
