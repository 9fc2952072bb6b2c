import { sql, type CreateTableBuilder, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-12. Never import app code here.
//
// A campaign's readiness for a street of 30 社区 read every evidence row (20,000 in npm run bench --
// readiness), every confirmed link (21,000) and every activity of the period (19,500) to learn which
// kinds each item has and how many activities each month held. These three tables hold those counts,
// kept by triggers in the same transaction as the change, as problem_state_tally (2026-12-05T0000):
// - campaign_evidence_tally: evidence filed per item and kind;
// - campaign_link_tally: records confirmed as evidence per item and record type (state 'confirmed');
// - activity_month_tally: published activities per 社区, kind and China month (Asia/Shanghai, UTC+8
//   all year) of their start: 2026-11-30T16:30:00.000Z is 2026-12.
// A row that falls to 0 is deleted. `npm run migrate-to-postgres` does not copy these tables (the
// names end in _tally): the target's triggers rebuild them from the rows it copies.

/** The China month (YYYY-MM) of an ISO UTC instant column, the same on both databases. */
const sqliteMonth = (col: string) => `strftime('%Y-%m', substr(${col}, 1, 19), '+8 hours')`;
const postgresMonth = (col: string) => `to_char(left(${col}, 19)::timestamp + interval '8 hours', 'YYYY-MM')`;

export async function up(db: Kysely<any>): Promise<void> {
  // On SQLite, each table is its primary key's b-tree (without rowid): a read by key range is one
  // walk of it, where a rowid table looks up each row the key's index finds.
  const clustered = <T extends CreateTableBuilder<any, any>>(b: T) =>
    onPostgres(db) ? b : (b.modifyEnd(sql`without rowid`) as T);
  await db.schema
    .createTable("campaign_evidence_tally")
    .addColumn("item_id", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("campaign_evidence_tally_pk", ["item_id", "kind"])
    .$call(clustered)
    .execute();
  await db.schema
    .createTable("campaign_link_tally")
    .addColumn("item_id", "integer", (c) => c.notNull())
    .addColumn("record_type", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("campaign_link_tally_pk", ["item_id", "record_type"])
    .$call(clustered)
    .execute();
  await db.schema
    .createTable("activity_month_tally")
    .addColumn("community_id", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("activity_month_tally_pk", ["community_id", "kind", "month"])
    .$call(clustered)
    .execute();

  const month = onPostgres(db) ? postgresMonth : sqliteMonth;
  if (onPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);

  // The rows already there.
  await sql`insert into campaign_evidence_tally (item_id, kind, n)
    select item_id, kind, count(*) from campaign_evidence group by item_id, kind`.execute(db);
  await sql`insert into campaign_link_tally (item_id, record_type, n)
    select item_id, record_type, count(*) from campaign_link where state = 'confirmed'
     group by item_id, record_type`.execute(db);
  await sql
    .raw(
      `insert into activity_month_tally (community_id, kind, month, n)
    select community_id, kind, ${month("starts_at")}, count(*) from activity where status = 'published'
     group by community_id, kind, ${month("starts_at")}`,
    )
    .execute(db);
}

/** One tally: its table, key columns (as the row's columns), the condition a row counts under. */
interface Tally {
  table: string;
  keys: Array<[column: string, value: (row: "new" | "old") => string]>;
  counts?: (row: "new" | "old") => string;
}

const column = (name: string) => (row: "new" | "old") => `${row}.${name}`;

/** Per table counted: the columns whose change moves a row between counts, and its tally. */
const tallies = (month: (col: string) => string): Record<string, { watched: string[]; tally: Tally }> => ({
  campaign_evidence: {
    watched: ["item_id", "kind"],
    tally: {
      table: "campaign_evidence_tally",
      keys: [
        ["item_id", column("item_id")],
        ["kind", column("kind")],
      ],
    },
  },
  campaign_link: {
    watched: ["item_id", "record_type", "state"],
    tally: {
      table: "campaign_link_tally",
      keys: [
        ["item_id", column("item_id")],
        ["record_type", column("record_type")],
      ],
      counts: (row) => `${row}.state = 'confirmed'`,
    },
  },
  activity: {
    watched: ["community_id", "kind", "starts_at", "status"],
    tally: {
      table: "activity_month_tally",
      keys: [
        ["community_id", column("community_id")],
        ["kind", column("kind")],
        ["month", (row) => month(`${row}.starts_at`)],
      ],
      counts: (row) => `${row}.status = 'published'`,
    },
  },
});

const keyNames = (t: Tally) => t.keys.map(([c]) => c).join(", ");
const keyMatch = (t: Tally, row: "new" | "old") => t.keys.map(([c, v]) => `${c} = ${v(row)}`).join(" and ");

async function sqliteTriggers(db: Kysely<any>) {
  for (const [source, { watched, tally: t }] of Object.entries(tallies(sqliteMonth))) {
    // "where true" before "on conflict": SQLite's parser needs it after an insert … select.
    const add = `
      insert into ${t.table} (${keyNames(t)}, n)
        select ${t.keys.map(([, v]) => v("new")).join(", ")}, 1 where ${t.counts?.("new") ?? "true"}
        on conflict (${keyNames(t)}) do update set n = n + 1;`;
    const remove = `
      update ${t.table} set n = n - 1 where ${t.counts?.("old") ?? "true"} and ${keyMatch(t, "old")};
      delete from ${t.table} where ${keyMatch(t, "old")} and n = 0;`;
    await sql
      .raw(`create trigger ${source}_tally_insert after insert on ${source} begin ${add} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger ${source}_tally_update after update of ${watched.join(", ")} on ${source}
         begin ${remove} ${add} end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger ${source}_tally_delete after delete on ${source} begin ${remove} end`)
      .execute(db);
  }
}

async function postgresTriggers(db: Kysely<any>) {
  for (const [source, { watched, tally: t }] of Object.entries(tallies(postgresMonth))) {
    await sql
      .raw(
        `create function ${source}_tally_change() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and ${t.counts?.("old") ?? "true"} then
          update ${t.table} set n = n - 1 where ${keyMatch(t, "old")};
          delete from ${t.table} where ${keyMatch(t, "old")} and n = 0;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and ${t.counts?.("new") ?? "true"} then
          insert into ${t.table} (${keyNames(t)}, n)
            values (${t.keys.map(([, v]) => v("new")).join(", ")}, 1)
            on conflict (${keyNames(t)}) do update set n = ${t.table}.n + 1;
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${source}_tally after insert or delete or update of ${watched.join(", ")}
       on ${source} for each row execute function ${source}_tally_change()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const source of ["campaign_evidence", "campaign_link", "activity"]) {
    if (onPostgres(db)) {
      await sql.raw(`drop trigger ${source}_tally on ${source}`).execute(db);
      await sql.raw(`drop function ${source}_tally_change()`).execute(db);
    } else {
      for (const op of ["delete", "update", "insert"])
        await sql.raw(`drop trigger ${source}_tally_${op}`).execute(db);
    }
  }
  await db.schema.dropTable("activity_month_tally").execute();
  await db.schema.dropTable("campaign_link_tally").execute();
  await db.schema.dropTable("campaign_evidence_tally").execute();
}
