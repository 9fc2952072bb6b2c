import { describe, expect, it } from "vitest";
import {
  MOBILE_PATTERN,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLE_RANK,
  ROLE_UNIT_KIND,
  ROLES,
  canGrantRole,
  maskMobile,
  maskName,
  roleHas,
} from "./rules.js";

describe("maskMobile", () => {
  it("keeps the first three and last four digits", () => {
    expect(maskMobile("13812345678")).toBe("138****5678");
    expect(maskMobile("19900000001")).toBe("199****0001");
  });

  it("hides anything not shaped like a mobile entirely", () => {
    expect(maskMobile("")).toBe("***********");
    expect(maskMobile("1381234567")).toBe("***********");
    expect(maskMobile("138123456789")).toBe("***********");
    expect(maskMobile("12812345678")).toBe("***********");
    expect(maskMobile("abc")).toBe("***********");
  });
});

describe("maskName", () => {
  it("keeps only the family name", () => {
    expect(maskName("张三丰")).toBe("张**");
    expect(maskName("李四")).toBe("李*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
  });

  it("never shows a one-character name in full", () => {
    expect(maskName("王")).toBe("王*");
  });

  it("trims before masking and returns empty for a blank name", () => {
    expect(maskName("  张三 ")).toBe("张*");
    expect(maskName("   ")).toBe("");
    expect(maskName("")).toBe("");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(maskName("𠀋一")).toBe("𠀋*");
  });
});

describe("MOBILE_PATTERN", () => {
  it.each([
    "13000000000",
    "13812345678",
    "14512345678",
    "15912345678",
    "16612345678",
    "17712345678",
    "18812345678",
    "19912345678",
  ])("accepts %s", (mobile) => {
    expect(MOBILE_PATTERN.test(mobile)).toBe(true);
  });

  it.each([
    ["too short", "1381234567"],
    ["too long", "138123456789"],
    ["second digit 0", "10812345678"],
    ["second digit 2", "12812345678"],
    ["not starting with 1", "23812345678"],
    ["letters", "1381234567a"],
    ["spaces inside", "138 1234 5678"],
    ["country code", "+8613812345678"],
    ["trailing newline", "13812345678\n"],
    ["empty", ""],
  ])("rejects %s", (_label, mobile) => {
    expect(MOBILE_PATTERN.test(mobile)).toBe(false);
  });
});

describe("ROLE_PERMISSIONS and roleHas", () => {
  it("gives residents no console permission at all", () => {
    expect(ROLE_PERMISSIONS.resident).toEqual([]);
    for (const p of PERMISSIONS) expect(roleHas("resident", p)).toBe(false);
  });

  it("lets grid workers into the console to read the tree, but not manage units or users or read the audit", () => {
    expect(roleHas("grid_worker", "console.access")).toBe(true);
    expect(roleHas("grid_worker", "org.read")).toBe(true);
    expect(roleHas("grid_worker", "org.manage")).toBe(false);
    expect(roleHas("grid_worker", "user.manage")).toBe(false);
    expect(roleHas("grid_worker", "audit.read")).toBe(false);
  });

  it("gives grid workers a strict subset of a community admin's permissions", () => {
    for (const p of ROLE_PERMISSIONS.grid_worker) expect(roleHas("community_admin", p)).toBe(true);
    expect(ROLE_PERMISSIONS.grid_worker.length).toBeLessThan(ROLE_PERMISSIONS.community_admin.length);
  });

  it.each(["community_admin", "street_admin", "system_admin"] as const)(
    "gives %s every permission",
    (role) => {
      for (const p of PERMISSIONS) expect(roleHas(role, p)).toBe(true);
    },
  );

  it("has a row for every role and only known permissions", () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const perms of Object.values(ROLE_PERMISSIONS)) {
      for (const p of perms) expect(PERMISSIONS).toContain(p);
    }
  });

  it("ranks roles strictly in the order residents < grid < community < street < system", () => {
    const ranks = ROLES.map((r) => ROLE_RANK[r]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(ROLES.length);
  });

  it("holds each role at the unit kind it belongs to", () => {
    expect(ROLE_UNIT_KIND).toEqual({
      resident: "community",
      grid_worker: "grid",
      community_admin: "community",
      street_admin: "street",
      system_admin: null,
    });
  });
});

describe("canGrantRole", () => {
  const holding = (...roles: Array<(typeof ROLES)[number]>) => roles.map((role) => ({ role }));

  it("lets a system admin grant every role, the system admin role included", () => {
    for (const role of ROLES) expect(canGrantRole(holding("system_admin"), role), role).toBe(true);
  });

  it("lets an admin grant only the roles ranked below their own", () => {
    const table = {
      street_admin: { resident: true, grid_worker: true, community_admin: true, street_admin: false, system_admin: false },
      community_admin: { resident: true, grid_worker: true, community_admin: false, street_admin: false, system_admin: false },
    } as const;
    for (const [holder, expected] of Object.entries(table)) {
      for (const role of ROLES) {
        expect(canGrantRole(holding(holder as keyof typeof table), role), `${holder} -> ${role}`).toBe(expected[role]);
      }
    }
  });

  it("gives nothing to roles that do not manage users, however they rank", () => {
    for (const role of ROLES) {
      expect(canGrantRole(holding("grid_worker"), role), role).toBe(false);
      expect(canGrantRole(holding("resident"), role), role).toBe(false);
      expect(canGrantRole([], role), role).toBe(false);
    }
  });

  it("takes the best of several grants", () => {
    expect(canGrantRole(holding("grid_worker", "community_admin"), "grid_worker")).toBe(true);
    expect(canGrantRole(holding("community_admin", "street_admin"), "community_admin")).toBe(true);
  });
});
