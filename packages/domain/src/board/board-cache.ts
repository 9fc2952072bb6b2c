import type { Db } from "../db/open-database.js";
import { writeWatchOf } from "../db/sqlite-driver.js";

// A server's memory of the public boards it built. An answer is reused only while the 社区's
// board_revision (raised by triggers on every change the board shows, on whichever server made it) is
// the one it was built at, and only on the China day it was built (entries come on and off the board
// by date). So a change is on the very next request, on every server; between changes, reading a board
// costs one primary-key lookup instead of the entries, their photos and the rules.

export interface CachedBoard<T> {
  revision: number;
  value: T;
}

/**
 * The tables whose writes raise board_revision (its triggers), and the table itself. While none has
 * been written (db/sqlite-driver.ts's write watch: this process's writes and any other's commits),
 * the revision read last is still the revision, and reading it again is skipped.
 */
const REVISION_TABLES = [
  "board_revision",
  "board_entry",
  "board_edition",
  "board_setting",
  "board_category",
  "file",
  "org_unit",
  "user",
] as const;

/** At most `max` answers, the least recently used going first. */
export class BoardCache<T = unknown> {
  private readonly entries = new Map<string, CachedBoard<T>>();
  private readonly revisions = new Map<number, { version: string; revision: number }>();

  constructor(private readonly max = 500) {}

  get(key: string, revision: number): T | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    if (hit.revision !== revision) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, revision: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { revision, value });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The 社区's board revision, read again only when the write watch says it may have changed. */
  async revision(db: Db, communityId: number): Promise<number> {
    const watch = writeWatchOf(db);
    if (!watch) return boardRevision(db, communityId);
    // Taken before the read: a write that lands meanwhile leaves this version behind, and is read next time.
    const version = await watch.versionSoon(REVISION_TABLES);
    const known = this.revisions.get(communityId);
    if (known?.version === version) return known.revision;
    const revision = await boardRevision(db, communityId);
    if (this.revisions.size >= this.max) this.revisions.clear();
    this.revisions.set(communityId, { version, revision });
    return revision;
  }
}

/** The 社区's board revision: read before the board is built, so an answer is never newer than its number. */
export async function boardRevision(db: Db, communityId: number): Promise<number> {
  const row = await db
    .selectFrom("board_revision")
    .select("revision")
    .where("community_id", "=", communityId)
    .executeTakeFirst();
  return row?.revision ?? 0;
}
