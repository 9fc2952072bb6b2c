import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  ActivityKind,
  ActivityStatus,
  HoursStatus,
  OrgKind,
  Role,
  SignupStatus,
  VolunteerStatus,
} from "./db/database.js";
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  HOURS_STATUSES,
  ORG_KINDS,
  ROLES,
  SIGNUP_STATUSES,
  VOLUNTEER_STATUSES,
} from "./rules.js";

const SRC = dirname(fileURLToPath(import.meta.url));

/** The relative modules a file imports at run time (type-only imports vanish from the bundle). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specs = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)].map(
    (m) => m[1]!,
  );
  return specs;
}

describe("@chuangcheng/domain/rules", () => {
  it("pulls in nothing but its own pure modules: no Node, database or server package", () => {
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        if (!spec.startsWith(".")) outside.push(`${relative(SRC, file)} imports ${spec}`);
        else visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      }
    };
    visit(join(SRC, "rules.ts"));
    expect(outside).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });

  it("lists each code vocabulary in full, so z.enum of it types outputs exactly", () => {
    expectTypeOf<(typeof ROLES)[number]>().toEqualTypeOf<Role>();
    expectTypeOf<(typeof ORG_KINDS)[number]>().toEqualTypeOf<OrgKind>();
    expectTypeOf<(typeof VOLUNTEER_STATUSES)[number]>().toEqualTypeOf<VolunteerStatus>();
    expectTypeOf<(typeof ACTIVITY_KINDS)[number]>().toEqualTypeOf<ActivityKind>();
    expectTypeOf<(typeof ACTIVITY_STATUSES)[number]>().toEqualTypeOf<ActivityStatus>();
    expectTypeOf<(typeof SIGNUP_STATUSES)[number]>().toEqualTypeOf<SignupStatus>();
    expectTypeOf<(typeof HOURS_STATUSES)[number]>().toEqualTypeOf<HoursStatus>();
    for (const list of [
      ROLES,
      ORG_KINDS,
      VOLUNTEER_STATUSES,
      ACTIVITY_KINDS,
      ACTIVITY_STATUSES,
      SIGNUP_STATUSES,
      HOURS_STATUSES,
    ]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });
});
