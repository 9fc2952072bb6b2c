import { sql, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-06. Never import app code here.
//
// The public 黑白榜 of a 社区 is read far more often than it changes (residents, visitors, the
// poster's QR code), so each server keeps the answers it built and reuses them while the board is
// unchanged. board_revision tells every server, on every request, whether it is: a number per 社区
// that triggers raise in the same transaction as any change the board shows — its entries, editions,
// settings and category labels, the photos of its entries, a 楼院's name, the name of a linked
// resident. Triggers and not code, so that no path (a procedure, a seed, the retention erasure, a bulk
// load) can change the board and leave a server showing the old one.
// `npm run migrate-to-postgres` does not copy this table: only a change matters, not its number.

const BOARD_TABLES = ["board_entry", "board_edition", "board_setting", "board_category"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("board_revision")
    .addColumn("community_id", "integer", (c) => c.primaryKey())
    .addColumn("revision", "integer", (c) => c.notNull())
    .execute();
  if (onPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

// "where true" before "on conflict": SQLite's parser needs it after an insert … select.
const bump = (community: string, from = "", where = "true") => `
  insert into board_revision (community_id, revision)
    select ${community}, 1 ${from} where ${where}
    on conflict (community_id) do update set revision = board_revision.revision + 1;`;

async function sqliteTriggers(db: Kysely<any>) {
  for (const table of BOARD_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_revision_insert after insert on ${table} begin ${bump("new.community_id")} end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_revision_update after update on ${table}
         begin ${bump("old.community_id")} ${bump("new.community_id", "", "new.community_id <> old.community_id")} end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_revision_delete after delete on ${table} begin ${bump("old.community_id")} end`,
      )
      .execute(db);
  }
  const ofFile = (row: "new" | "old") =>
    bump(
      "e.community_id",
      "from board_entry e",
      `e.id = ${row}.owner_id and ${row}.owner_type = 'board_entry'`,
    );
  await sql
    .raw(`create trigger file_board_revision_insert after insert on file begin ${ofFile("new")} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger file_board_revision_update after update on file begin ${ofFile("old")} ${ofFile("new")} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger file_board_revision_delete after delete on file begin ${ofFile("old")} end`)
    .execute(db);
  // Renames are rare: a 楼院's touches every board (it may be shown anywhere below its 社区).
  await sql
    .raw(
      `create trigger org_unit_board_revision after update of name on org_unit
       begin update board_revision set revision = revision + 1; end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger user_board_revision after update of name on user
       begin ${bump("e.community_id", "from board_entry e", "e.subject_user_id = new.id")} end`,
    )
    .execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  await sql
    .raw(
      `create function board_revision_bump(cid integer) returns void language sql as $$
        insert into board_revision (community_id, revision) values (cid, 1)
          on conflict (community_id) do update set revision = board_revision.revision + 1
      $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function board_revision_of_board() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then perform board_revision_bump(old.community_id); end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.community_id <> old.community_id) then
          perform board_revision_bump(new.community_id);
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  for (const table of BOARD_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_revision after insert or update or delete on ${table}
         for each row execute function board_revision_of_board()`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `create function board_revision_of_file() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.owner_type = 'board_entry' then
          perform board_revision_bump(e.community_id) from board_entry e where e.id = old.owner_id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.owner_type = 'board_entry' then
          perform board_revision_bump(e.community_id) from board_entry e where e.id = new.owner_id;
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger file_board_revision after insert or update or delete on file
       for each row execute function board_revision_of_file()`,
    )
    .execute(db);
  await sql
    .raw(
      `create function board_revision_of_name() returns trigger language plpgsql as $$
      begin
        if new.name is distinct from old.name then
          if tg_table_name = 'org_unit' then
            update board_revision set revision = revision + 1;
          else
            perform board_revision_bump(e.community_id) from board_entry e where e.subject_user_id = new.id;
          end if;
        end if;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger org_unit_board_revision after update of name on org_unit
       for each row execute function board_revision_of_name()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger user_board_revision after update of name on "user"
       for each row execute function board_revision_of_name()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    for (const table of BOARD_TABLES) await sql.raw(`drop trigger ${table}_revision on ${table}`).execute(db);
    await sql`drop trigger file_board_revision on file`.execute(db);
    await sql`drop trigger org_unit_board_revision on org_unit`.execute(db);
    await sql`drop trigger user_board_revision on "user"`.execute(db);
    await sql`drop function board_revision_of_name()`.execute(db);
    await sql`drop function board_revision_of_file()`.execute(db);
    await sql`drop function board_revision_of_board()`.execute(db);
    await sql`drop function board_revision_bump(integer)`.execute(db);
  } else {
    for (const table of BOARD_TABLES) {
      for (const op of ["insert", "update", "delete"]) {
        await sql.raw(`drop trigger ${table}_revision_${op}`).execute(db);
      }
    }
    for (const op of ["insert", "update", "delete"]) {
      await sql.raw(`drop trigger file_board_revision_${op}`).execute(db);
    }
    await sql`drop trigger org_unit_board_revision`.execute(db);
    await sql`drop trigger user_board_revision`.execute(db);
  }
  await db.schema.dropTable("board_revision").execute();
}
