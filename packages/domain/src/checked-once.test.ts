import { expect, it } from "vitest";
import { z } from "zod";
import { checkedOnce } from "./checked-once.js";

// An output schema that checks each answer object once: the same object again is not checked again,
// another object always is, and what leaves is what the schema lets through.

const schema = z.object({ name: z.string(), count: z.number() });

it("checks an object the first time, strips what the schema does not name, and answers the same object from the first check", () => {
  const parser = checkedOnce(schema);
  let reads = 0;
  const answer = {
    get name() {
      reads++;
      return "东街社区";
    },
    count: 3,
    mobile: "13800000004",
  };
  const first = parser.parse(answer);
  expect(first).toEqual({ name: "东街社区", count: 3 });
  expect(first).not.toHaveProperty("mobile");
  expect(parser.parse(answer)).toBe(first);
  expect(reads).toBe(1);
});

it("refuses another object that breaks the schema, and anything that is not an object", () => {
  const parser = checkedOnce(schema);
  parser.parse({ name: "东街社区", count: 3 });
  expect(() => parser.parse({ name: "东街社区", count: "3" })).toThrow(z.ZodError);
  expect(() => parser.parse(null)).toThrow(z.ZodError);
  expect(checkedOnce(z.number()).parse(5)).toBe(5);
});

it("answers an object that is already as the schema makes it as it is, and still refuses through zod", () => {
  const parser = checkedOnce(schema);
  const answer = { name: "东街社区", count: 3 };
  expect(parser.parse(answer)).toBe(answer);
  expect(parser.parse(answer)).toBe(answer);
  expect(() => parser.parse({ name: "东街社区", count: Number.NaN })).toThrow(z.ZodError);
  const ints = checkedOnce(z.object({ n: z.number().int() }));
  expect(() => ints.parse({ n: 1.5 })).toThrow(z.ZodError);
  expect(ints.parse({ n: 2, more: 1 })).toEqual({ n: 2 });
});
