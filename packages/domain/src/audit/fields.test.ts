import { describe, expect, it } from "vitest";
import { describeAuditChange, formatAuditValue, subjectText, type AuditNameLookup } from "./fields.js";

const names: AuditNameLookup = (type, id) => {
  if (type === "volunteer") return id === 1 ? "王小红" : id === 2 ? null : undefined;
  if (type === "org_unit") return id === 10 ? "东街社区" : undefined;
  return undefined;
};

describe("formatAuditValue", () => {
  it("shows codes by their labels, for the kind of record", () => {
    expect(formatAuditValue("volunteer", "status", "pending", names)).toBe("待审核");
    expect(formatAuditValue("activity", "status", "cancelled", names)).toBe("已取消");
    expect(formatAuditValue("activity_signup", "hoursStatus", "confirmed", names)).toBe("已确认");
    expect(formatAuditValue("user", "role", "community_admin", names)).toBe("社区管理员");
    expect(formatAuditValue("org_unit", "kind", "grid", names)).toBe("网格");
    expect(formatAuditValue("activity", "kind", "moral_lecture", names)).toBe("道德讲堂");
    // A code no vocabulary knows is shown as written, never guessed.
    expect(formatAuditValue("volunteer", "status", "archived", names)).toBe("archived");
  });

  it("names referenced records as they are now", () => {
    expect(formatAuditValue("team", "volunteerId", 1, names)).toBe("王小红");
    expect(formatAuditValue("team", "leaderId", 2, names)).toBe("（已注销）");
    expect(formatAuditValue("team", "volunteerId", 3, names)).toBe("（已删除）");
    expect(formatAuditValue("org_unit", "parentId", 10, names)).toBe("东街社区");
  });

  it("shows times in Beijing time, booleans, numbers and the registration target", () => {
    expect(formatAuditValue("activity", "startsAt", "2026-01-01T00:30:00.000Z", names)).toBe(
      "2026-01-01 08:30",
    );
    expect(formatAuditValue("volunteer", "guardianConsent", true, names)).toBe("是");
    expect(formatAuditValue("volunteer", "guardianConsent", false, names)).toBe("否");
    expect(formatAuditValue("activity", "capacity", 20, names)).toBe("20");
    expect(formatAuditValue("org_unit", "targetPermille", 125, names)).toBe("12.5%");
    expect(formatAuditValue("volunteer", "skills", ["a", "b"], names)).toBe("a、b");
    expect(formatAuditValue("volunteer", "reason", null, names)).toBeNull();
  });

  it("never shows a full mobile or a 身份证号", () => {
    expect(formatAuditValue("user", "mobile", "13812345678", names)).toBe("138****5678");
    expect(formatAuditValue("user", "mobile", "138****5678", names)).toBe("138****5678");
    expect(formatAuditValue("user", "mobile", "not a mobile", names)).toBe("***********");
    expect(formatAuditValue("volunteer", "idNumber", "x", names)).toBe("（不显示）");
    expect(formatAuditValue("volunteer", "note", "11010519491231002X", names)).toBe("（不显示）");
  });
});

describe("describeAuditChange", () => {
  it("lists only the fields a change set that differ, with Chinese labels", () => {
    const before = JSON.stringify({ name: "文艺队", description: "老年文艺", leaderId: null });
    const after = JSON.stringify({ name: "文艺宣传队", leaderId: 1 });
    expect(describeAuditChange("team", before, after, names)).toEqual([
      { field: "name", label: "队名", before: "文艺队", after: "文艺宣传队" },
      { field: "leaderId", label: "队长", before: null, after: "王小红" },
    ]);
  });

  it("lists a new or removed record's filled-in fields once", () => {
    const unit = JSON.stringify({ name: "一号院", kind: "courtyard", parentId: 10, population: null });
    expect(describeAuditChange("org_unit", null, unit, names)).toEqual([
      { field: "name", label: "名称", before: null, after: "一号院" },
      { field: "kind", label: "类型", before: null, after: "楼院" },
      { field: "parentId", label: "上级单位", before: null, after: "东街社区" },
    ]);
    expect(
      describeAuditChange("org_unit", unit, null, names).map((r) => [r.label, r.before, r.after]),
    ).toEqual([
      ["名称", "一号院", null],
      ["类型", "楼院", null],
      ["上级单位", "东街社区", null],
    ]);
  });

  it("hides internal ids and a person's name the subject already says", () => {
    const grant = JSON.stringify({ grantId: 7, user: "张三", role: "grid_worker", unitId: 10 });
    expect(describeAuditChange("user", null, grant, names).map((r) => r.field)).toEqual(["role", "unitId"]);
  });

  it("treats a time saved again within the same minute as no change", () => {
    const before = JSON.stringify({ startsAt: "2026-01-01T00:30:00.000Z", capacity: 10 });
    const after = JSON.stringify({ startsAt: "2026-01-01T00:30:00.123Z", capacity: 10 });
    expect(describeAuditChange("activity", before, after, names)).toEqual([]);
  });

  it("copes with snapshots that are not objects", () => {
    expect(describeAuditChange("activity", null, null, names)).toEqual([]);
    expect(describeAuditChange("activity", "not json", JSON.stringify(3), names)).toEqual([
      { field: "value", label: "内容", before: "not json", after: "3" },
    ]);
  });
});

describe("subjectText", () => {
  it("says 已注销 for an erased person and 已删除 for a record that is gone", () => {
    expect(subjectText("志愿者", "王小红")).toBe("志愿者 王小红");
    expect(subjectText("志愿者", null)).toBe("志愿者（已注销）");
    expect(subjectText("活动", undefined)).toBe("活动（已删除）");
  });
});
