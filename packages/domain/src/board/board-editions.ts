import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { chinaToday } from "../time.js";
import { editionTitle } from "./rules.js";

// Editions: one per 社区 per month (2026年12月 东街社区红黑榜). An approved entry joins the edition of the
// month it starts in (made when first needed); publishing the edition puts its entries on the board at
// once, and an entry approved later for a published edition shows from its own start. Editions of
// past months are the archive: nothing marks them, the month says it.

/** The edition of `communityId` for `month` (YYYY-MM), made if there is none yet; its id. */
export async function ensureEdition(
  db: Db,
  session: AuthSession,
  communityId: number,
  month: string,
  now: Date,
): Promise<number> {
  const existing = await db
    .selectFrom("board_edition")
    .select("id")
    .where("community_id", "=", communityId)
    .where("month", "=", month)
    .executeTakeFirst();
  if (existing) return existing.id;
  const community = await getUnitOrThrow(db, communityId);
  const row = await db
    .insertInto("board_edition")
    .values({
      community_id: communityId,
      month,
      title: editionTitle(month, community.name),
      created_by: session.user.id,
      created_at: now.toISOString(),
      published_by: null,
      published_at: null,
    })
    // Two approvals at once for a new month on PostgreSQL: the second finds the first's edition.
    .onConflict((oc) => oc.columns(["community_id", "month"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) return row.id;
  return (
    await db
      .selectFrom("board_edition")
      .select("id")
      .where("community_id", "=", communityId)
      .where("month", "=", month)
      .executeTakeFirstOrThrow()
  ).id;
}

/** Prepares the edition of a month for a 社区 (the console's 编辑本期): made if missing; its id. */
export async function prepareEdition(
  db: Db,
  session: AuthSession,
  input: { communityId: number; month?: string | undefined },
  now = new Date(),
) {
  await assertCan(db, session, "board.moderate", input.communityId);
  const month = input.month ?? chinaToday(now).slice(0, 7);
  return { id: await ensureEdition(db, session, input.communityId, month, now) };
}

/** Publishes an edition: its entries go up at once. A second publish is refused. */
export async function publishEdition(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const edition = await db
    .selectFrom("board_edition")
    .selectAll()
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!edition) throw new NotFoundError("该期红黑榜不存在");
  await assertCan(db, session, "board.moderate", edition.community_id);
  if (edition.published_at !== null) throw new ConflictError("该期红黑榜已发布，不能重复发布");
  const result = await db
    .updateTable("board_edition")
    .set({ published_at: now.toISOString(), published_by: session.user.id })
    .where("id", "=", edition.id)
    .where("published_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该期红黑榜已发布，不能重复发布");
  const entries = await db
    .selectFrom("board_entry")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("edition_id", "=", edition.id)
    .where("state", "in", ["published", "rectified"])
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "board.publish_edition",
      targetType: "board_edition",
      targetId: edition.id,
      orgUnitId: edition.community_id,
      after: { entries: Number(entries.n) },
    },
    now,
  );
  return { publishedAt: now.toISOString() };
}

/** A 社区's editions for the console, published or not, newest first, with how many entries each holds. */
export async function listEditions(db: Db, session: AuthSession, input: { communityId: number }) {
  await assertCan(db, session, "board.moderate", input.communityId);
  const rows = await db
    .selectFrom("board_edition")
    .leftJoin("board_entry", (join) =>
      join
        .onRef("board_entry.edition_id", "=", "board_edition.id")
        .on("board_entry.state", "in", ["published", "rectified", "appealing"]),
    )
    .select([
      "board_edition.id",
      "board_edition.month",
      "board_edition.title",
      "board_edition.published_at",
      (eb) => eb.fn.count<number | string>("board_entry.id").as("entries"),
    ])
    .where("board_edition.community_id", "=", input.communityId)
    .groupBy(["board_edition.id", "board_edition.month", "board_edition.title", "board_edition.published_at"])
    .orderBy("board_edition.month", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    title: r.title,
    publishedAt: r.published_at,
    entries: Number(r.entries),
  }));
}
