import { sql, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-05. Never import app code here.
//
// The console's tabs count a street's problems per state, and the overdue ones, on every list
// answer. Counted from the rows, that is 200,000 index entries for a street of 30 社区 (40 ms on
// SQLite, measured by npm run bench -- problems): at 20 admins at once the answers queue behind one
// another for seconds. These two tables hold the counts, kept by triggers in the same transaction as
// the change to `problem`, so no code path (a procedure, a seed, a bulk load) can forget them:
// - problem_state_tally: problems per 社区, category and state;
// - problem_deadline_tally: problems still open (整改中, 待复查) per 社区 and deadline. The overdue count
//   of a day is the sum over the deadlines before it, so the count moves with the date by itself.
// A row that falls to 0 is deleted. `npm run migrate-to-postgres` does not copy these tables: the
// target's triggers rebuild them from the problems it copies.

const OPEN = "('rectifying', 'reviewing')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("problem_state_tally")
    .addColumn("community_id", "integer", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("problem_state_tally_pk", ["community_id", "category", "state"])
    .execute();
  await db.schema
    .createTable("problem_deadline_tally")
    .addColumn("community_id", "integer", (c) => c.notNull())
    .addColumn("deadline", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("problem_deadline_tally_pk", ["community_id", "deadline"])
    .execute();

  if (onPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);

  // The problems already there.
  await sql`insert into problem_state_tally (community_id, category, state, n)
    select community_id, category, state, count(*) from problem group by community_id, category, state`.execute(
    db,
  );
  await sql
    .raw(
      `insert into problem_deadline_tally (community_id, deadline, n)
    select community_id, deadline, count(*) from problem
     where state in ${OPEN} and deadline is not null group by community_id, deadline`,
    )
    .execute(db);
}

async function sqliteTriggers(db: Kysely<any>) {
  // "where true" before "on conflict": SQLite's parser needs it after an insert … select.
  const add = (row: "new") => `
    insert into problem_state_tally (community_id, category, state, n)
      select ${row}.community_id, ${row}.category, ${row}.state, 1 where true
      on conflict (community_id, category, state) do update set n = n + 1;
    insert into problem_deadline_tally (community_id, deadline, n)
      select ${row}.community_id, ${row}.deadline, 1
       where ${row}.state in ${OPEN} and ${row}.deadline is not null
      on conflict (community_id, deadline) do update set n = n + 1;`;
  const remove = (row: "old") => `
    update problem_state_tally set n = n - 1
     where community_id = ${row}.community_id and category = ${row}.category and state = ${row}.state;
    delete from problem_state_tally
     where community_id = ${row}.community_id and category = ${row}.category and state = ${row}.state and n = 0;
    update problem_deadline_tally set n = n - 1
     where ${row}.state in ${OPEN} and community_id = ${row}.community_id and deadline = ${row}.deadline;
    delete from problem_deadline_tally
     where community_id = ${row}.community_id and deadline = ${row}.deadline and n = 0;`;
  await sql
    .raw(`create trigger problem_tally_insert after insert on problem begin ${add("new")} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger problem_tally_update after update of community_id, category, state, deadline on problem
       begin ${remove("old")} ${add("new")} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger problem_tally_delete after delete on problem begin ${remove("old")} end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  await sql
    .raw(
      `create function problem_tally_change() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update problem_state_tally set n = n - 1
           where community_id = old.community_id and category = old.category and state = old.state;
          delete from problem_state_tally
           where community_id = old.community_id and category = old.category and state = old.state and n = 0;
          if old.state in ${OPEN} and old.deadline is not null then
            update problem_deadline_tally set n = n - 1
             where community_id = old.community_id and deadline = old.deadline;
            delete from problem_deadline_tally
             where community_id = old.community_id and deadline = old.deadline and n = 0;
          end if;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into problem_state_tally (community_id, category, state, n)
            values (new.community_id, new.category, new.state, 1)
            on conflict (community_id, category, state) do update set n = problem_state_tally.n + 1;
          if new.state in ${OPEN} and new.deadline is not null then
            insert into problem_deadline_tally (community_id, deadline, n)
              values (new.community_id, new.deadline, 1)
              on conflict (community_id, deadline) do update set n = problem_deadline_tally.n + 1;
          end if;
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger problem_tally after insert or delete or update of community_id, category, state, deadline
       on problem for each row execute function problem_tally_change()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    await sql`drop trigger problem_tally on problem`.execute(db);
    await sql`drop function problem_tally_change()`.execute(db);
  } else {
    await sql`drop trigger problem_tally_delete`.execute(db);
    await sql`drop trigger problem_tally_update`.execute(db);
    await sql`drop trigger problem_tally_insert`.execute(db);
  }
  await db.schema.dropTable("problem_deadline_tally").execute();
  await db.schema.dropTable("problem_state_tally").execute();
}
