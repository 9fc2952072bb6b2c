import { createHash, randomBytes } from "node:crypto";
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { createSession, localDiskStorage, openDatabase, type Database, type Role } from "@chuangcheng/domain";
import { DATABASE_FILE } from "../src/data-dir.js";
import { loadDataKeys } from "../src/data-key.js";
import { insertTasks } from "./dashboard-bench.js";
import { generate as generateStreet } from "./readiness-data.js";
import { generate as generateVolunteers } from "./volunteer-data.js";

// The data of the mixed-load bench (issue 13), in one database file: the tasks issue's street of
// 30 社区 with 5 years of data (readiness-data.ts, plus the dashboard bench's 100,000 tasks) and
// 50,000 registered volunteers in 东街社区 with 200 residents who each have a volunteer card and a
// session (volunteer-data.ts, first, on the same file: the street's migrations and seed find them done),
// 40 upcoming 志愿服务 of 10 places each for their sign-ups, and real bytes in the file store for
// 东街社区's evidence (the 台账 package reads them), and the admins of the load: 15 街道 admins (10 on the
// 数据看板, 5 on readiness) and 20 东街社区 admins (the roster), each their own account and session, so
// the server's per-caller caches see 35 callers as they would in life. See mixed-bench.ts for the load.

export const VOLUNTEERS = 50_000;
export const RESIDENTS = 200;
export const SIGNUP_ACTIVITIES = 40;
export const SIGNUP_PLACES = 10;
/** 街道 admins refreshing the 数据看板, and those refreshing readiness: STREET_ADMINS + READINESS_ADMINS accounts */
export const STREET_ADMINS = 10;
export const READINESS_ADMINS = 5;
/** 东街社区 admins searching the roster */
export const COMMUNITY_ADMINS = 20;
const EVIDENCE_FILE_BYTES = 100 * 1024;
const DAY = 86_400_000;

export interface MixedData {
  campaignId: number;
  communityId: number;
  /** session tokens of the 200 residents with a volunteer card in 东街社区 */
  residentTokens: string[];
  /** the upcoming activities the residents sign up for */
  signupActivityIds: number[];
  /** session tokens of the 街道 admins (STREET_ADMINS + READINESS_ADMINS, each their own account) */
  streetAdminTokens: string[];
  /** session tokens of the 东街社区 admins (COMMUNITY_ADMINS, each their own account) */
  communityAdminTokens: string[];
  /** evidence files of 东街社区 written to the store (the 台账 package's stored entries) */
  evidenceFiles: number;
  rows: Record<string, number>;
  seconds: { volunteers: number; street: number; tasks: number; files: number; total: number };
}

/** Generates everything into `dataDir`'s database file, under the name the server opens (DATABASE_FILE). */
export async function generateMixed(dataDir: string): Promise<MixedData> {
  const t0 = performance.now();
  const dbFile = join(dataDir, "bench.db");
  const { keys } = loadDataKeys(dataDir, undefined);
  // The volunteers first: volunteer-data.ts gives skills to the first 50,000 volunteers of the file.
  const volunteers = await generateVolunteers(dbFile, keys, {
    volunteers: VOLUNTEERS,
    activities: 200,
    perActivity: 100,
    racers: RESIDENTS,
  });
  const t1 = performance.now();
  const street = await generateStreet(dataDir);
  const t2 = performance.now();
  let db: Kysely<Database> = openDatabase(dbFile);
  let tasks = 0;
  try {
    tasks = await insertTasks(db, street.campaignId);
  } finally {
    await db.destroy();
  }
  const t3 = performance.now();

  db = openDatabase(dbFile);
  let signupActivityIds: number[];
  let evidenceFiles = 0;
  const streetAdminTokens: string[] = [];
  const communityAdminTokens: string[] = [];
  try {
    // The admins of the load: accounts of their own (mobiles 135…), a grant each, a session each.
    const nowIso = new Date().toISOString();
    const streetUnit = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "城关街道")
      .executeTakeFirstOrThrow();
    const admin = async (i: number, role: Role, unitId: number) => {
      const user = await db
        .insertInto("user")
        .values({
          mobile: `135${String(10_000_000 + i).slice(-8)}`,
          name: `${role === "street_admin" ? "街道" : "社区"}管理员${i}`,
          password_hash: "scrypt$unused",
          community_id: null,
          courtyard_id: null,
          created_at: nowIso,
          password_changed_at: nowIso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("role_grant")
        .values({ user_id: user.id, role, org_unit_id: unitId, granted_by: null, created_at: nowIso })
        .execute();
      return (await createSession(db, user.id)).token;
    };
    for (let i = 0; i < STREET_ADMINS + READINESS_ADMINS; i++)
      streetAdminTokens.push(await admin(i, "street_admin", streetUnit.id));
    for (let i = 0; i < COMMUNITY_ADMINS; i++)
      communityAdminTokens.push(
        await admin(STREET_ADMINS + READINESS_ADMINS + i, "community_admin", volunteers.communityId),
      );

    // 40 upcoming 志愿服务 in 东街社区, one a day from the day after tomorrow, 10 places each.
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const firstDay = Math.floor((nowMs + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000 + 2 * DAY;
    signupActivityIds = (
      await db
        .insertInto("activity")
        .values(
          Array.from({ length: SIGNUP_ACTIVITIES }, (_, k) => {
            const at = firstDay + k * DAY + 1.5 * 3_600_000;
            return {
              community_id: volunteers.communityId,
              kind: "volunteer_service" as const,
              title: `文明劝导第${k + 1}期`,
              starts_at: new Date(at).toISOString(),
              ends_at: new Date(at + 2 * 3_600_000).toISOString(),
              place_text: "东街社区广场",
              capacity: SIGNUP_PLACES,
              status: "published" as const,
              created_at: now,
            };
          }),
        )
        .returning("id")
        .execute()
    ).map((r) => r.id);

    // The evidence of 东街社区's copy: its file and document rows get bytes in the store.
    const storage = localDiskStorage(join(dataDir, "files"));
    const evidence = db
      .selectFrom("campaign_evidence as e")
      .innerJoin("campaign_item as i", "i.id", "e.item_id")
      .select("e.id")
      .where("i.campaign_id", "=", street.campaignId)
      .where("i.community_id", "=", volunteers.communityId);
    const fileRows = await db
      .selectFrom("file")
      .select("id")
      .where("owner_id", "in", evidence)
      .where("owner_type", "=", "campaign_evidence")
      .execute();
    const documentRows = await db
      .selectFrom("document")
      .select("id")
      .where("owner_id", "in", evidence)
      .where("owner_type", "=", "campaign_evidence")
      .execute();
    const store = async () => {
      const bytes = randomBytes(EVIDENCE_FILE_BYTES);
      const key = createHash("sha256").update(bytes).digest("hex");
      await storage.put(key, bytes);
      return key;
    };
    for (const f of fileRows) {
      const key = await store();
      await db.updateTable("file").set({ storage_key: key, thumb_key: key }).where("id", "=", f.id).execute();
    }
    for (const d of documentRows) {
      const key = await store();
      await db.updateTable("document").set({ storage_key: key }).where("id", "=", d.id).execute();
    }
    evidenceFiles = fileRows.length + documentRows.length;
  } finally {
    await db.destroy();
  }
  const t4 = performance.now();

  // The server opens DATA_DIR/chuangcheng.db.
  for (const suffix of ["", "-wal", "-shm"])
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, join(dataDir, DATABASE_FILE + suffix));
  return {
    campaignId: street.campaignId,
    communityId: volunteers.communityId,
    residentTokens: volunteers.raceTokens,
    signupActivityIds,
    streetAdminTokens,
    communityAdminTokens,
    evidenceFiles,
    rows: {
      ...street.rows,
      task: tasks,
      "volunteer (东街社区)": volunteers.volunteers + RESIDENTS,
      activity_signup: volunteers.signups,
      "evidence files (东街社区)": evidenceFiles,
    },
    seconds: {
      volunteers: (t1 - t0) / 1000,
      street: (t2 - t1) / 1000,
      tasks: (t3 - t2) / 1000,
      files: (t4 - t3) / 1000,
      total: (t4 - t0) / 1000,
    },
  };
}

// The offload bench's 10,000-row 志愿者 import file.
export { importFile, ROWS as IMPORT_ROWS } from "./offload-bench.js";
