import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FEATURES, TABLE_OWNERS } from "./db/table-owners.js";

// The rule "a feature writes only its own tables", checked over the source so that the next features
// keep to it. A write is a Kysely insertInto / updateTable / deleteFrom / replaceInto / mergeInto, or
// raw SQL in a sql`…` template; seed data, test helpers and migrations are exempt.

const SRC = dirname(fileURLToPath(import.meta.url));
const EXEMPT_DIRS = ["seed", "testing", "migrations"];
const WRITE_METHODS = ["insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto"];

interface Write {
  line: number;
  how: string;
  /** null when the table is not a string literal, so the rule cannot tell which it is */
  table: string | null;
}

/** Blanks comment lines (keeping line numbers), so an example in a comment is not taken for code. */
function withoutComments(source: string): string {
  return source
    .split("\n")
    .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? "" : line))
    .join("\n");
}

const lineAt = (source: string, index: number) => source.slice(0, index).split("\n").length;

/** The tables a source file writes, with their line numbers. */
function tableWrites(source: string): Write[] {
  const code = withoutComments(source);
  const writes: Write[] = [];
  const call = new RegExp(`\\.(${WRITE_METHODS.join("|")})\\s*(?:<[^>]*>)?\\(([^)]*)\\)`, "g");
  for (const m of code.matchAll(call)) {
    const literals = [...m[2]!.matchAll(/(["'`])([^"'`$]+)\1/g)].map((l) => l[2]!);
    const line = lineAt(code, m.index);
    if (literals.length === 0) writes.push({ line, how: m[1]!, table: null });
    // "activity as a" is the table activity under an alias; deleteFrom may take a list.
    for (const literal of literals)
      writes.push({
        line,
        how: m[1]!,
        table: literal
          .trim()
          .split(/\s+as\s+/i)[0]!
          .trim(),
      });
  }
  for (const m of code.matchAll(/\bsql(?:<[^>]*>)?`([^`]*)`/g)) {
    for (const w of m[1]!.matchAll(/\b(insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+["`]?(\w+)/gi)) {
      const table = w[2]!;
      if (table in TABLE_OWNERS) writes.push({ line: lineAt(code, m.index), how: "sql", table });
    }
  }
  return writes;
}

/** The feature a file under src/ belongs to ("volunteer" for volunteer/team-service.ts), null if none. */
function featureOf(path: string): string | null {
  const top = path.split("/")[0]!;
  return (FEATURES as readonly string[]).includes(top) ? top : null;
}

/** Every breach of the rule in the given files (paths relative to src/, with "/"), as messages that say what to do. */
function boundaryViolations(
  files: Array<{ path: string; source: string }>,
  owners: Record<string, string> = TABLE_OWNERS,
) {
  const messages: string[] = [];
  for (const { path, source } of files) {
    const feature = featureOf(path);
    for (const w of tableWrites(source)) {
      const where = `src/${path}:${w.line}`;
      if (w.table === null) {
        messages.push(
          `${where} calls ${w.how}(…) with a table that is not a string literal: name the table literally so the feature-boundary rule can check who owns it.`,
        );
        continue;
      }
      const owner = owners[w.table];
      if (owner === undefined) {
        messages.push(
          `${where} writes table "${w.table}", which has no owner: add it to TABLE_OWNERS in src/db/table-owners.ts.`,
        );
      } else if (feature === null) {
        messages.push(
          `${where} writes table "${w.table}" (${w.how}) from outside any feature folder; "${w.table}" is owned by the ${owner} feature: move the write into src/${owner}/ and call the function from there (a new feature folder goes into FEATURES in src/db/table-owners.ts).`,
        );
      } else if (owner !== feature) {
        messages.push(
          `${where} (feature ${feature}) writes table "${w.table}" (${w.how}), which the ${owner} feature owns. A feature writes only its own tables: export a function from src/${owner}/ that makes this change (as releaseUpcomingSignups, addConfirmedMinutes or moveResidentsToCommunity do) and call it here.`,
        );
      }
    }
  }
  return messages;
}

/** The table names of `interface Database { … }` in db/database.ts. */
function databaseTables(source: string): string[] {
  const body = /export interface Database\s*\{([^}]*)\}/.exec(source)?.[1];
  if (body === undefined) throw new Error("db/database.ts has no `export interface Database { … }`");
  return [...body.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1]!);
}

/** Tables of `Database` without an owner, and owners listed for tables that are gone. */
function ownershipGaps(tables: string[], owners: Record<string, string> = TABLE_OWNERS) {
  return [
    ...tables
      .filter((t) => !(t in owners))
      .map(
        (t) =>
          `Table "${t}" in Database (src/db/database.ts) has no owner: add "${t}: <feature>" to TABLE_OWNERS in src/db/table-owners.ts.`,
      ),
    ...Object.keys(owners)
      .filter((t) => !tables.includes(t))
      .map(
        (t) =>
          `TABLE_OWNERS lists "${t}", which is not a table of Database: remove it from src/db/table-owners.ts.`,
      ),
  ];
}

function serviceFiles(dir = SRC): Array<{ path: string; source: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    const path = relative(SRC, full).split(sep).join("/");
    if (entry.isDirectory()) return EXEMPT_DIRS.includes(path) ? [] : serviceFiles(full);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
    return [{ path, source: readFileSync(full, "utf8") }];
  });
}

describe("feature boundaries", () => {
  it("every file writes only the tables its feature owns", () => {
    const files = serviceFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it("every table of Database has an owning feature", () => {
    const tables = databaseTables(readFileSync(join(SRC, "db/database.ts"), "utf8"));
    expect(tables).toContain("activity_signup");
    expect(ownershipGaps(tables)).toEqual([]);
  });
});

describe("the boundary rule itself", () => {
  const withdrawing = `
    export async function withdraw(db: Db, id: number) {
      await db.deleteFrom("team_member").where("volunteer_id", "=", id).execute();
      // .updateTable("activity") in a comment is no write
      await db
        .updateTable("activity_signup as s")
        .set({ status: "cancelled" })
        .execute();
      await sql\`update activity set signed_count = signed_count - 1 where id = \${id}\`.execute(db);
    }`;

  it("finds each write, its table (also aliased or in raw SQL) and its line", () => {
    expect(tableWrites(withdrawing)).toEqual([
      { line: 3, how: "deleteFrom", table: "team_member" },
      { line: 6, how: "updateTable", table: "activity_signup" },
      { line: 9, how: "sql", table: "activity" },
    ]);
    expect(
      tableWrites(`db.insertInto('user').values(v); db.deleteFrom(["session", "login_failure"])`),
    ).toEqual([
      { line: 1, how: "insertInto", table: "user" },
      { line: 1, how: "deleteFrom", table: "session" },
      { line: 1, how: "deleteFrom", table: "login_failure" },
    ]);
    expect(tableWrites(`db.selectFrom("activity").where("status", "=", "update activity")`)).toEqual([]);
  });

  it("fails a feature that writes another feature's table, saying which file, table and owner", () => {
    const messages = boundaryViolations([{ path: "volunteer/volunteer-service.ts", source: withdrawing }]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^src\/volunteer\/volunteer-service\.ts:6 \(feature volunteer\) writes table "activity_signup" \(updateTable\), which the activity feature owns\./,
    );
    expect(messages[0]).toContain("export a function from src/activity/");
    expect(messages[1]).toMatch(
      /^src\/volunteer\/volunteer-service\.ts:9 .* writes table "activity" \(sql\)/,
    );
  });

  it("lets the owner write its own tables, and exempts nothing by folder on its own", () => {
    expect(
      boundaryViolations([
        { path: "activity/signup-service.ts", source: withdrawing.replace(/team_member/, "activity") },
      ]),
    ).toEqual([]);
    expect(boundaryViolations([{ path: "db/backup.ts", source: `db.deleteFrom("session")` }])[0]).toMatch(
      /outside any feature folder; "session" is owned by the auth feature/,
    );
  });

  it("fails a write to a table without an owner, or through a table name it cannot read", () => {
    expect(
      boundaryViolations([{ path: "board/board-service.ts", source: `db.insertInto("campaign_task")` }]),
    ).toEqual([
      `src/board/board-service.ts:1 writes table "campaign_task", which has no owner: add it to TABLE_OWNERS in src/db/table-owners.ts.`,
    ]);
    expect(
      boundaryViolations([{ path: "org/org-service.ts", source: `db.updateTable(table).set(x)` }])[0],
    ).toMatch(/not a string literal/);
  });

  it("fails a table of Database that no feature owns", () => {
    const source = `export interface Database {\n  user: UserTable;\n  board_entry: BoardEntryTable;\n}`;
    expect(databaseTables(source)).toEqual(["user", "board_entry"]);
    expect(ownershipGaps(["user", "board_entry"], { user: "auth" })).toEqual([
      `Table "board_entry" in Database (src/db/database.ts) has no owner: add "board_entry: <feature>" to TABLE_OWNERS in src/db/table-owners.ts.`,
    ]);
    expect(ownershipGaps(["user"], { user: "auth", gone: "org" })[0]).toMatch(/"gone", which is not a table/);
  });
});
