import { sql, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-16. Never import app code here.
//
// 志愿者名册's search box finds a name by any part of it ("建国" finds 王建国). No index serves a
// LIKE '%建国%': at 50,000 volunteers in one 社区 every name of the 社区 was read twice, once for the
// count and once for the page (5 ms each alone, and 70 % of the roster's database time in the mixed
// bench). This table holds each name's characters and each pair of neighbouring characters (王建国:
// 王 建 国 王建 建国), so that a search of one character or two finds its few volunteers by the
// primary key, and a longer one by its first pair before the LIKE checks the rest.
//
// Kept by triggers in the same statement as the change to `volunteer`, so no code path (a procedure,
// an import, a seed, a bulk load) can forget it. ASCII letters are lowered (SQLite's lower() lowers
// nothing else; PostgreSQL's translate() lowers the same letters), so both databases hold the same
// rows and a copy between them checks out. `npm run migrate-to-postgres` does not copy the table: the
// target's triggers build it from the volunteers it copies.

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Names are at most 20 characters (personNameSchema); 64 positions leave room. */
const POSITIONS = 64;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("volunteer_name_gram")
    .addColumn("gram", "text", (c) => c.notNull())
    .addColumn("community_id", "integer", (c) => c.notNull())
    .addColumn("volunteer_id", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("volunteer_name_gram_pk", ["gram", "community_id", "volunteer_id"])
    .execute();
  // The triggers replace a volunteer's grams when the name or the 社区 changes.
  await db.schema
    .createIndex("volunteer_name_gram_volunteer_idx")
    .on("volunteer_name_gram")
    .column("volunteer_id")
    .execute();

  if (onPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);

  // The volunteers already there.
  await sql
    .raw(`insert into volunteer_name_gram (gram, community_id, volunteer_id) ${grams(db, "volunteer")}`)
    .execute(db);
}

/**
 * The grams of `row` (a table or new): select gram, community_id, volunteer_id, distinct. SQLite
 * allows no WITH in a trigger, hence the positions as a VALUES list.
 */
function grams(db: Kysely<any>, row: string): string {
  const from = row === "volunteer" ? " from volunteer" : "";
  const lowered = onPostgres(db)
    ? `translate(${row}.name, '${UPPER}', '${UPPER.toLowerCase()}')`
    : `lower(${row}.name)`;
  const length = onPostgres(db) ? `char_length(${row}.name)` : `length(${row}.name)`;
  const positions = onPostgres(db)
    ? `generate_series(1, ${length}) as p(n)`
    : `(select column1 as n from (values ${Array.from({ length: POSITIONS }, (_, i) => `(${i + 1})`).join(", ")})) as p`;
  const each = (width: number) =>
    `select distinct substr(${lowered}, p.n, ${width}) as gram, ${row}.community_id, ${row}.id
       ${from ? `${from},` : "from"} ${positions}
      where ${row}.name is not null and ${row}.community_id is not null and p.n + ${width - 1} <= ${length}`;
  return `${each(1)} union ${each(2)}`;
}

async function sqliteTriggers(db: Kysely<any>) {
  const add = `insert or ignore into volunteer_name_gram (gram, community_id, volunteer_id) ${grams(db, "new")};`;
  const remove = "delete from volunteer_name_gram where volunteer_id = old.id;";
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
          delete from volunteer_name_gram where volunteer_id = old.id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into volunteer_name_gram (gram, community_id, volunteer_id) ${grams(db, "new")}
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
