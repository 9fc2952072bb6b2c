import SQLite from "better-sqlite3";

/**
 * Counts the `pragma data_version` reads of every SQLite connection in this thread until `restore()`:
 * better-sqlite3's statements share one prototype, whose `get` is wrapped.
 */
export function countDataVersionReads(): { readonly count: number; restore(): void } {
  const probe = new SQLite(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as { get: (...args: unknown[]) => unknown };
  probe.close();
  const original = proto.get;
  let count = 0;
  proto.get = function (this: { source: string }, ...args: unknown[]) {
    if (this.source === "pragma data_version") count++;
    return original.apply(this, args);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      proto.get = original;
    },
  };
}
