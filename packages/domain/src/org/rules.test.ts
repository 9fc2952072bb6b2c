import { describe, expect, it } from "vitest";
import { ORG_KINDS, ORG_KIND_LABELS, PARENT_KIND, childKindOf, placementError } from "./rules.js";

describe("childKindOf", () => {
  it("follows 街道 > 社区 > 网格 > 楼院 > 楼栋", () => {
    expect(childKindOf("street")).toBe("community");
    expect(childKindOf("community")).toBe("grid");
    expect(childKindOf("grid")).toBe("courtyard");
    expect(childKindOf("courtyard")).toBe("building");
  });

  it("gives a 楼栋 no children", () => {
    expect(childKindOf("building")).toBeNull();
  });

  it("is the inverse of PARENT_KIND", () => {
    for (const kind of ORG_KINDS) {
      const child = childKindOf(kind);
      if (child !== null) expect(PARENT_KIND[child]).toBe(kind);
    }
  });
});

describe("placementError", () => {
  it("allows each kind under its own parent kind", () => {
    expect(placementError("street", null)).toBeNull();
    expect(placementError("community", "street")).toBeNull();
    expect(placementError("grid", "community")).toBeNull();
    expect(placementError("courtyard", "grid")).toBeNull();
    expect(placementError("building", "courtyard")).toBeNull();
  });

  it("names the expected parent when the parent kind is wrong", () => {
    expect(placementError("courtyard", "community")).toBe("楼院只能放在网格之下");
    expect(placementError("courtyard", "building")).toBe("楼院只能放在网格之下");
    expect(placementError("grid", "street")).toBe("网格只能放在社区之下");
    expect(placementError("building", "grid")).toBe("楼栋只能放在楼院之下");
    expect(placementError("community", "community")).toBe("社区只能放在街道之下");
  });

  it("refuses a non-street at the top", () => {
    expect(placementError("community", null)).toBe("社区只能放在街道之下");
  });

  it("refuses to put a 街道 under anything", () => {
    expect(placementError("street", "community")).toBe("街道是最上级单位，不能放在其他单位之下");
  });

  it("accepts exactly one parent kind for each kind", () => {
    const parents = [null, ...ORG_KINDS] as const;
    for (const kind of ORG_KINDS) {
      const ok = parents.filter((p) => placementError(kind, p) === null);
      expect(ok).toEqual([PARENT_KIND[kind]]);
    }
  });

  it("labels every kind in Chinese", () => {
    expect(ORG_KIND_LABELS).toEqual({ street: "街道", community: "社区", grid: "网格", courtyard: "楼院", building: "楼栋" });
  });
});
