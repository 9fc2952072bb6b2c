import { describe, expect, it } from "vitest";
import { z } from "zod";
import { plainCheck } from "./plain-check.js";

// The plain check may only pass a value that zod's parse would answer unchanged: anything it passes
// leaves as it is, anything else goes to zod, which strips or refuses as it always did.

const task = z.object({
  id: z.number(),
  title: z.string(),
  parentId: z.number().nullable(),
  state: z.enum(["not_started", "done"]),
  kind: z.literal("task"),
  overdue: z.boolean(),
  unit: z.object({ id: z.number(), name: z.string() }),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  note: z.string().optional(),
  actions: z.array(z.enum(["start", "cancel"])),
  extra: z.unknown(),
});
const good = () => ({
  id: 1,
  title: "楼道堆物清理",
  parentId: null,
  state: "done" as const,
  kind: "task" as const,
  overdue: false,
  unit: { id: 3, name: "东街社区" },
  assignee: { id: 4, name: "张伟" },
  actions: ["start" as const],
  extra: { anything: [1, "二"] },
});

describe("plainCheck", () => {
  const check = plainCheck(task)!;

  it("passes a value zod would answer unchanged, optional fields absent or present", () => {
    expect(check(good())).toBe(true);
    expect(check({ ...good(), note: "已办结", assignee: null, parentId: 7, actions: [] })).toBe(true);
    for (const value of [good(), { ...good(), note: "已办结" }]) expect(task.parse(value)).toEqual(value);
  });

  it("refuses a key zod would strip, at any depth, before reading any field", () => {
    expect(check({ ...good(), mobile: "13800000004" })).toBe(false);
    expect(check({ ...good(), unit: { id: 3, name: "东街社区", code: "x" } })).toBe(false);
    let reads = 0;
    const spy = {
      ...good(),
      get title() {
        reads++;
        return "x";
      },
      idCard: "110101199003071234",
    };
    expect(check(spy)).toBe(false);
    expect(reads).toBe(0);
  });

  it("refuses every wrong type zod refuses", () => {
    const wrong: Array<Record<string, unknown>> = [
      { id: "1" },
      { id: Number.NaN },
      { id: Number.POSITIVE_INFINITY },
      { title: null },
      { parentId: undefined },
      { state: "cancelled" },
      { kind: "problem" },
      { overdue: 0 },
      { unit: null },
      { unit: [3, "东街社区"] },
      { assignee: { id: 4 } },
      { note: null },
      { actions: ["start", "approve"] },
      { actions: "start" },
    ];
    for (const change of wrong) {
      const value = { ...good(), ...change };
      expect(check(value), JSON.stringify(change)).toBe(false);
      expect(task.safeParse(value).success, JSON.stringify(change)).toBe(false);
    }
    expect(check(null)).toBe(false);
    expect(check([good()])).toBe(false);
  });

  it("refuses what is not a plain object, which zod would copy into one", () => {
    class Row {
      id = 1;
    }
    expect(plainCheck(z.object({ id: z.number() }))!(new Row())).toBe(false);
    expect(plainCheck(z.object({ id: z.number() }))!(Object.assign(Object.create(null), { id: 1 }))).toBe(
      true,
    );
  });

  it("leaves to zod the schemas only zod can judge", () => {
    for (const schema of [
      z.number().int(),
      z.string().min(1),
      z.array(z.number()).max(3),
      z.object({ id: z.number() }).refine((o) => o.id > 0),
      z.strictObject({ id: z.number() }),
      z.looseObject({ id: z.number() }),
      z.string().transform((s) => s.trim()),
      z.number().default(0),
      z.union([z.string(), z.number()]),
      z.record(z.string(), z.number()),
      z.coerce.number(),
      z.date(),
      z.object({ at: z.date() }),
      z.array(z.object({ n: z.number().int() })),
    ])
      expect(plainCheck(schema as z.ZodType)).toBeNull();
  });
});
