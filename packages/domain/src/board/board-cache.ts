import type { Db } from "../db/open-database.js";

// A server's memory of the public boards it built. An answer is reused only while the 社区's
// board_revision (raised by triggers on every change the board shows, on whichever server made it) is
// the one it was built at, and only on the China day it was built (entries come on and off the board
// by date). So a change is on the very next request, on every server; between changes, reading a board
// costs one primary-key lookup instead of the entries, their photos and the rules.

export interface CachedBoard<T> {
  revision: number;
  value: T;
}

/** At most `max` answers, the least recently used going first. */
export class BoardCache<T = unknown> {
  private readonly entries = new Map<string, CachedBoard<T>>();

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
