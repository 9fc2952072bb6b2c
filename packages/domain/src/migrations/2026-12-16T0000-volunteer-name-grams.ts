import { sql, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-16. Never import app code here.
//
// 志愿者名册's search box finds a name by any part of it ("建国" finds 王建国). No index serves a
// LIKE '%建国%': at 50,000 volunteers in one 社区 every name of the 社区 was read twice, once for the
// count and once for the page (5 and 10 ms alone, and 70 % of the roster's database time in the
// mixed bench). This table holds each name's characters and each pair of neighbouring characters (王建国:
// 王 建 国 王建 建国), so that a search of one character or two finds its few volunteers by the
// primary key, and a longer one by its first pair before the LIKE checks the rest.
//
// Kept by triggers in the same statement as the change to `volunteer`, so no code path (a procedure,
// an import, a seed, a bulk load) can forget it. ASCII letters are lowered (SQLite's lower() lowers
// nothing else; PostgreSQL's translate() lowers the same letters), so both databases hold the same
// rows and a copy between them checks out. `npm run migrate-to-postgres` does not copy the table: the
// target's triggers build it from the volunteers it copies.

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Names are at most 20 characters where they are written (personNameSchema, the import's 姓名 check). */
const POSITIONS = 32;

export async function up(db: Kysely<any>): Promise<void> {
  // Its key is the lookup (a gram within a 社区) and its only index: a trigger finds a volunteer's
  // grams again from the old name. On SQLite without a rowid, so the key is the table: the mixed
  // bench's 65,600 volunteers were filled in 0.46 s and 5.6 MB, against 1.06 s and 17.5 MB with a
  // rowid and an index on volunteer_id.
  let table = db.schema
    .createTable("volunteer_name_gram")
    .addColumn("gram", "text", (c) => c.notNull())
    .addColumn("community_id", "integer", (c) => c.notNull())
    .addColumn("volunteer_id", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("volunteer_name_gram_pk", ["gram", "community_id", "volunteer_id"]);
  if (!onPostgres(db)) table = table.modifyEnd(sql`without rowid`);
  await table.execute();

  if (onPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);

  // The volunteers already there.
  const ignore = onPostgres(db) ? ["insert", "on conflict do nothing"] : ["insert or ignore", ""];
  await sql
    .raw(
      `${ignore[0]} into volunteer_name_gram (gram, community_id, volunteer_id)
       select ${grams(db, "volunteer")}, volunteer.community_id, volunteer.id from volunteer, ${ranges(db, "volunteer")} ${ignore[1]}`,
    )
    .execute(db);
}

/** The gram of `row` (volunteer, new or old) at position p.n of width w.w (see `ranges`). */
function grams(db: Kysely<any>, row: string): string {
  return onPostgres(db)
    ? `substr(translate(${row}.name, '${UPPER}', '${UPPER.toLowerCase()}'), p.n, w.w)`
    : `substr(lower(${row}.name), p.n, w.w)`;
}

/**
 * The positions p.n and widths w.w (1, 2) of the grams of `row`'s name, to follow a FROM: none for a
 * null name. SQLite allows no WITH in a trigger, hence its positions as a VALUES list.
 */
function ranges(db: Kysely<any>, row: string): string {
  const widths = "(values (1), (2)) as w(w)";
  if (onPostgres(db))
    return `generate_series(1, char_length(${row}.name)) as p(n), ${widths} where p.n <= char_length(${row}.name) - w.w + 1`;
  const positions = Array.from({ length: POSITIONS }, (_, i) => `(${i + 1})`).join(", ");
  return `(select column1 as n from (values ${positions})) as p, (select column1 as w from (values (1), (2))) as w
    where p.n <= length(${row}.name) - w.w + 1`;
}

async function sqliteTriggers(db: Kysely<any>) {
  const add = `insert or ignore into volunteer_name_gram (gram, community_id, volunteer_id)
    select ${grams(db, "new")}, new.community_id, new.id from ${ranges(db, "new")};`;
  const remove = `delete from volunteer_name_gram
    where community_id = old.community_id and volunteer_id = old.id
      and gram in (select ${grams(db, "old")} from ${ranges(db, "old")});`;
  await sql
    .raw(`create trigger volunteer_name_gram_insert after insert on volunteer begin ${add} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger volunteer_name_gram_update after update of name, community_id on volunteer
       begin ${remove} ${add} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger volunteer_name_gram_delete after delete on volunteer begin ${remove} end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  await sql
    .raw(
      `create function volunteer_name_gram_change() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delete from volunteer_name_gram
           where community_id = old.community_id and volunteer_id = old.id
             and gram in (select ${grams(db, "old")} from ${ranges(db, "old")});
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into volunteer_name_gram (gram, community_id, volunteer_id)
            select ${grams(db, "new")}, new.community_id, new.id from ${ranges(db, "new")}
            on conflict do nothing;
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger volunteer_name_gram after insert or delete or update of name, community_id
       on volunteer for each row execute function volunteer_name_gram_change()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    await sql`drop trigger volunteer_name_gram on volunteer`.execute(db);
    await sql`drop function volunteer_name_gram_change()`.execute(db);
  } else {
    await sql`drop trigger volunteer_name_gram_delete`.execute(db);
    await sql`drop trigger volunteer_name_gram_update`.execute(db);
    await sql`drop trigger volunteer_name_gram_insert`.execute(db);
  }
  await db.schema.dropTable("volunteer_name_gram").execute();
}
