import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../db/migrate.js";
import { dialectOf, openDatabase } from "../db/open-database.js";
import { createCaller } from "../root.js";
import { createContextInner } from "../context.js";
import { attachFiles } from "../files/files-service.js";
import { sessionFor, TEST_KEYS } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { BoardCache, boardRevision } from "./board-cache.js";
import { publicBoard, type BoardBasis } from "./board-public.js";
import { addDays } from "./rules.js";
import { makeBoardEdition, makeBoardEntry } from "./test-fixture.js";

// The public board as two servers on one database read it, each with its own cache: a change made
// through either one (or straight in the database) is on the very next answer of both, and between
// changes an answer is reused, not rebuilt.

let fx: ProblemFixture;
let entryId: number;
let photoId: number;
beforeEach(async () => {
  fx = await problemFixture();
  const { db, tree, people } = fx;
  const editionId = await makeBoardEdition(db, {
    communityId: tree.a.community,
    createdBy: people.admin,
    publishedBy: people.admin,
  });
  entryId = await makeBoardEntry(db, {
    courtyardId: tree.a.courtyard,
    category: "good_deed",
    proposerId: people.admin,
    state: "published",
    editionId,
    title: "帮助独居老人买菜",
  });
  photoId = await fx.photo(people.admin);
  await attachFiles(db, {
    fileIds: [photoId],
    ownerType: "board_entry",
    ownerId: entryId,
    actorUserId: people.admin,
    max: 9,
  });
  await makeBoardEntry(db, {
    courtyardId: tree.a.courtyard,
    category: "corridor_clutter",
    proposerId: people.admin,
    state: "published",
    editionId,
  });
});
afterEach(() => fx.cleanup());

/** A caller of one "server": its own cache, like each process of a deployment. */
function server() {
  const cache = new BoardCache<BoardBasis>();
  const as = async (userId: number | null) =>
    createCaller(
      createContextInner({
        db: fx.db,
        session: userId === null ? null : await sessionFor(fx.db, userId),
        keys: TEST_KEYS,
        fileStorage: fx.storage,
        boardCache: cache,
      }),
    );
  return { cache, as };
}

describe("the public board's cache", () => {
  it("reuses an answer while nothing changed, one per 黑榜 reader and non-reader", async () => {
    const a = server();
    const visitor = await a.as(null);
    const resident = await a.as(fx.people.resident);
    const input = { communityId: fx.tree.a.community };
    const first = await visitor.board.publicList(input);
    expect(first.white.map((e) => e.title)).toEqual(["帮助独居老人买菜"]);
    expect(first.black).toEqual([]);
    const asResident = await resident.board.publicList(input);
    expect(asResident.black).toHaveLength(1);

    // The same objects again: built once (the output parser copies, so compare through the domain).
    const now = new Date();
    const built = await publicBoard(fx.db, null, input, now, a.cache);
    expect(await publicBoard(fx.db, null, input, now, a.cache)).toBe(built);
    expect(a.cache.size).toBe(1);
    const other = await publicBoard(fx.db, await sessionFor(fx.db, fx.people.resident), input, now, a.cache);
    expect(other).not.toBe(built);
    expect(other.blackVisible).toBe(true);
  });

  it("shows an entry approved and published on the other server on the very next request", async () => {
    const a = server();
    const b = server();
    const input = { communityId: fx.tree.a.community };
    expect((await (await b.as(null)).board.publicList(input)).white).toHaveLength(1);
    const before = await boardRevision(fx.db, fx.tree.a.community);

    const admin = await a.as(fx.people.admin);
    const created = await admin.board.propose({
      category: "good_deed",
      courtyardId: fx.tree.a.courtyard,
      title: "义务修理自行车",
      description: "每周末在楼下为邻居义务修车。",
      subjectKind: "courtyard",
      photos: [],
    });
    await (await a.as(fx.people.admin2)).board.approve({ id: created.id });
    expect(await boardRevision(fx.db, fx.tree.a.community)).toBeGreaterThan(before);

    const seen = await (await b.as(null)).board.publicList(input);
    expect(seen.white.map((e) => e.title)).toEqual(["帮助独居老人买菜", "义务修理自行车"]);
  });

  it("follows the 社区's settings, a category's label, a photo put behind a mosaic, a 楼院's new name and the day", async () => {
    const a = server();
    const b = server();
    const input = { communityId: fx.tree.a.community };
    const visitorB = async () => (await b.as(null)).board.publicList(input);
    const first = await visitorB();
    expect(first.black).toEqual([]);
    expect(first.white[0]!.photos.map((p) => p.id)).toEqual([photoId]);

    const admin = await a.as(fx.people.admin);
    const settings = await admin.board.settings({ communityId: fx.tree.a.community });
    await admin.board.setSettings({
      ...settings,
      communityId: fx.tree.a.community,
      blackVisibility: "public",
    });
    expect((await visitorB()).black).toHaveLength(1);

    // Labels have no console screen yet: written as the demo seed writes them.
    await fx.db
      .insertInto("board_category")
      .values({ community_id: fx.tree.a.community, code: "good_deed", label: "邻里互助之星" })
      .execute();
    expect((await visitorB()).white[0]!.categoryLabel).toBe("邻里互助之星");

    await admin.board.mosaicPhoto({
      id: entryId,
      fileId: photoId,
      regions: [{ x: 0.1, y: 0.1, width: 0.3, height: 0.3 }],
    });
    const masked = (await visitorB()).white[0]!.photos.map((p) => p.id);
    expect(masked).toHaveLength(1);
    expect(masked).not.toEqual([photoId]);

    await (await a.as(fx.people.street)).org.update({ id: fx.tree.a.courtyard, name: "邮电新村" });
    expect((await visitorB()).white[0]!.place).toBe("邮电新村");

    // The 黑榜 entry ends in 30 days: an answer is built for its day, and 40 days on it is off.
    const inForty = new Date(Date.now() + 40 * 86_400_000);
    const later = await publicBoard(fx.db, null, input, inForty, b.cache);
    expect(addDays(chinaToday(), 40) > (first.white[0]!.endDate ?? "")).toBe(true);
    expect((await visitorB()).black).toHaveLength(1);
    expect(later.black).toEqual([]);
  });

  it("raises the revision when a linked resident's name changes, so a new name is redacted at once", async () => {
    const { db, tree, people } = fx;
    const before = await boardRevision(db, tree.a.community);
    await makeBoardEntry(db, {
      courtyardId: tree.a.courtyard,
      category: "corridor_clutter",
      proposerId: people.admin,
      state: "published",
      subjectUserId: people.resident,
    });
    const linked = await boardRevision(db, tree.a.community);
    expect(linked).toBeGreaterThan(before);
    await db.updateTable("user").set({ name: "刘芳芳" }).where("id", "=", people.resident).execute();
    expect(await boardRevision(db, tree.a.community)).toBeGreaterThan(linked);
    // Another 社区's board does not move.
    const otherBefore = await boardRevision(db, tree.b.community);
    await db.updateTable("user").set({ name: "刘芳" }).where("id", "=", people.resident).execute();
    expect(await boardRevision(db, tree.b.community)).toBe(otherBefore);
  });

  it("sees a commit by another process on the database file, though this one wrote nothing", async () => {
    // The write watch is SQLite's (on PostgreSQL the revision is read on every request): files here.
    if (dialectOf(fx.db) === "postgres") return;
    const dir = mkdtempSync(join(tmpdir(), "cc-board-cache-"));
    const here = openDatabase(join(dir, "cc.db"));
    const there = openDatabase(join(dir, "cc.db"));
    try {
      await migrateToLatest(here);
      const { tree, people } = await problemFixture(here);
      const editionId = await makeBoardEdition(here, {
        communityId: tree.a.community,
        createdBy: people.admin,
        publishedBy: people.admin,
      });
      const id = await makeBoardEntry(here, {
        courtyardId: tree.a.courtyard,
        category: "good_deed",
        proposerId: people.admin,
        state: "published",
        editionId,
        title: "帮助独居老人买菜",
      });
      const cache = new BoardCache<BoardBasis>();
      const input = { communityId: tree.a.community };
      const read = () => publicBoard(here, null, input, new Date(), cache);
      const first = await read();
      expect(await read()).toBe(first);
      await there
        .updateTable("board_entry")
        .set({ title: "帮独居老人买菜送药" })
        .where("id", "=", id)
        .execute();
      expect((await read()).white.map((e) => e.title)).toEqual(["帮独居老人买菜送药"]);
    } finally {
      await here.destroy();
      await there.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps at most its size, dropping the least recently read", () => {
    const cache = new BoardCache<string>(2);
    cache.set("a", 1, "A");
    cache.set("b", 1, "B");
    expect(cache.get("a", 1)).toBe("A");
    cache.set("c", 1, "C");
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("a", 1)).toBe("A");
    expect(cache.get("a", 2)).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
