import type { z } from "zod";

/**
 * Whether a value already is what the schema would make of it: right types, nothing to strip, so
 * zod's parse would answer an equal copy. Made once per schema; checking allocates nothing.
 */
export type PlainCheck = (value: unknown) => boolean;

/** The part of zod 4's schema definitions read here (`schema._zod.def`). */
interface Def {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The check of `schema`, for the zod types answers are made of (objects that strip, arrays, strings,
 * finite numbers, booleans, enums, literals, nullable, optional); null when the schema holds
 * anything else (refinements, length or integer checks, transforms, defaults, unions, records), which
 * only zod itself can judge.
 *
 * Why: zod 4 parses an object field by field into a new object, with a result and an issue list for
 * every field. A task tree of 2,000 tasks made 3.5 MB of such garbage per answer, a third of all it
 * allocated, and the collections that followed were its slowest calls.
 */
export function plainCheck(schema: z.ZodType): PlainCheck | null {
  const def = defOf(schema);
  if (def.checks !== undefined && def.checks.length > 0) return null;
  if (def.coerce) return null;
  switch (def.type) {
    case "string":
      return (v) => typeof v === "string";
    case "number":
      // zod 4 refuses NaN and ±Infinity.
      return (v) => typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "null":
      return (v) => v === null;
    case "unknown":
    case "any":
      return () => true;
    case "enum": {
      const values = new Set<unknown>(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case "literal": {
      const values = new Set<unknown>(def.values ?? []);
      return (v) => values.has(v);
    }
    case "nullable": {
      const inner = def.innerType && plainCheck(def.innerType);
      return inner ? (v) => v === null || inner(v) : null;
    }
    case "optional": {
      const inner = def.innerType && plainCheck(def.innerType);
      return inner ? (v) => v === undefined || inner(v) : null;
    }
    case "array": {
      const element = def.element && plainCheck(def.element);
      if (!element) return null;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case "object":
      return objectCheck(def);
    default:
      return null;
  }
}

function objectCheck(def: Def): PlainCheck | null {
  // A strict or loose object (a catch-all) judges unknown keys its own way.
  if (def.catchall !== undefined || !def.shape) return null;
  const keys = Object.keys(def.shape);
  const fields: PlainCheck[] = [];
  for (const key of keys) {
    const field = plainCheck(def.shape[key]!);
    if (!field) return null;
    fields.push(field);
  }
  const known = new Set(keys);
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    // Keys first: a key zod would strip sends the value to zod before any field is read.
    for (const key in v) if (!known.has(key)) return false;
    const o = v as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) if (!fields[i]!(o[keys[i]!])) return false;
    return true;
  };
}
