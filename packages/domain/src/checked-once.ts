import type { z } from "zod";
import { plainCheck } from "./plain-check.js";

/**
 * An output schema that checks each answer object once. A kept answer (the board cache, the aggregate
 * cache, a list kept until written) is handed out again as the same object, already checked: checking
 * a 50-entry board on every request cost more than finding it. Only for procedures whose answers are
 * never changed once returned; the check itself, and what it strips, are the schema's.
 */
export function checkedOnce<S extends z.ZodType>(schema: S) {
  const checked = new WeakMap<object, z.output<S>>();
  const plain = plainCheck(schema);
  return {
    // For tRPC's type inference only (its ParserZodEsque): what the procedure returns, what leaves.
    _input: undefined as unknown as z.input<S>,
    _output: undefined as unknown as z.output<S>,
    parse(value: unknown): z.output<S> {
      if (typeof value !== "object" || value === null) return schema.parse(value);
      const known = checked.get(value);
      if (known !== undefined) return known;
      // Already as the schema would make it: no copy to keep.
      const parsed = plain?.(value) ? (value as z.output<S>) : schema.parse(value);
      checked.set(value, parsed);
      return parsed;
    },
  };
}
