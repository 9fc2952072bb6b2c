import { describe, expect, it } from "vitest";
import type { OrgUnit } from "../../lib/trpc";
import { communityOf, patrolCourtyards } from "./patrol-scope";

const unit = (id: number, parentId: number | null, kind: OrgUnit["kind"], name: string): OrgUnit => ({
  id,
  parentId,
  kind,
  name,
  households: null,
  population: null,
  contactPhone: null,
  officeAddress: null,
  officeHours: null,
  registeredResidents: null,
  canManage: false,
});

const units = [
  unit(1, null, "street", "城关街道"),
  unit(2, 1, "community", "东街社区"),
  unit(3, 2, "grid", "第一网格"),
  unit(4, 2, "grid", "第二网格"),
  unit(5, 3, "courtyard", "邮政局家属院"),
  unit(6, 3, "courtyard", "房管所家属院"),
  unit(7, 4, "courtyard", "一小家属院"),
  unit(8, 5, "building", "1号楼"),
];
const names = (us: OrgUnit[]) => us.map((u) => u.name);

describe("patrolCourtyards", () => {
  it("gives a grid worker the 楼院 of their own 网格 only", () => {
    expect(names(patrolCourtyards(units, [{ role: "grid_worker", unitId: 3 }]))).toEqual([
      "邮政局家属院",
      "房管所家属院",
    ]);
  });

  it("gives an admin every 楼院 of the 社区, each once across overlapping grants; a resident none", () => {
    const grants = [
      { role: "grid_worker" as const, unitId: 3 },
      { role: "community_admin" as const, unitId: 2 },
      { role: "resident" as const, unitId: 2 },
    ];
    expect(names(patrolCourtyards(units, grants))).toEqual(["邮政局家属院", "房管所家属院", "一小家属院"]);
    expect(patrolCourtyards(units, [{ role: "resident", unitId: 2 }])).toEqual([]);
  });

  it("finds the 社区 above a 楼院, and none above the 社区 level", () => {
    expect(communityOf(units, 8)?.name).toBe("东街社区");
    expect(communityOf(units, 2)?.name).toBe("东街社区");
    expect(communityOf(units, 1)).toBeUndefined();
  });
});
