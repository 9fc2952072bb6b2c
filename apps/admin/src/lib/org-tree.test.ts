import { describe, expect, it } from "vitest";
import { buildOrgTree, unitOptions, unitPath } from "./org-tree";
import type { OrgUnit } from "./trpc";

const unit = (
  id: number,
  parentId: number | null,
  kind: OrgUnit["kind"],
  name: string,
  canManage = true,
): OrgUnit => ({
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
  canManage,
});

const units = [
  unit(1, null, "street", "城关街道", false),
  unit(2, 1, "community", "东街社区"),
  unit(3, 2, "grid", "东街社区第一网格"),
  unit(4, 2, "grid", "东街社区第二网格"),
  unit(5, 3, "courtyard", "邮政局家属院"),
  unit(9, 8, "courtyard", "上级不可见的楼院"),
];

describe("buildOrgTree", () => {
  it("nests units under their parents and keeps orphans as roots", () => {
    const roots = buildOrgTree(units);
    expect(roots.map((r) => r.name)).toEqual(["城关街道", "上级不可见的楼院"]);
    const community = roots[0]!.children[0]!;
    expect(community.children.map((c) => c.name)).toEqual(["东街社区第一网格", "东街社区第二网格"]);
    expect(community.children[0]!.children[0]!.name).toBe("邮政局家属院");
  });
});

describe("unitPath / unitOptions", () => {
  it("labels a unit with its path from the top", () => {
    expect(unitPath(units, 5)).toBe("城关街道 / 东街社区 / 东街社区第一网格 / 邮政局家属院");
  });

  it("offers only units of the asked kind that pass the filter", () => {
    expect(unitOptions(units, "grid", (u) => u.id !== 3)).toEqual([
      { value: 4, label: "城关街道 / 东街社区 / 东街社区第二网格" },
    ]);
    expect(unitOptions(units, "street", (u) => u.canManage)).toEqual([]);
  });
});
