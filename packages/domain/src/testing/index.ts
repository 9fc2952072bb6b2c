import { Readable } from "node:stream";
import { getErrorShape, TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { ActivityKind, Database, OrgKind, Role, VolunteerStatus } from "../db/database.js";
import { openDatabase } from "../db/open-database.js";
import { toJson } from "../db/json.js";
import { migrateToLatest } from "../db/migrate.js";
import { createContextInner, type AuthSession, type SessionCookies } from "../context.js";
import { deriveDataKeys, encryptField } from "../secrets/data-keys.js";
import { communityOf } from "../auth/authorize.js";
import { checkCharacter, maskIdNumber, parseIdNumber } from "../volunteer/id-number.js";
import { idNumberIndex } from "../volunteer/volunteer-service.js";
import type { PoliticalStatus, ServiceTime, Skill } from "../volunteer/rules.js";
import type { ProblemCategory, ProblemSource, ProblemState } from "../problem/rules.js";
import { appRouter, createCaller } from "../root.js";
import { resolveSession, createSession } from "../auth/session-service.js";
import { hashPassword } from "../auth/password.js";
import type { SmsSender } from "../auth/sms.js";
import type { AggregateCache } from "../aggregate-cache.js";
import type { FileStorage } from "../files/storage.js";
import { createPostgresTestDb, TEST_DATABASE_URL } from "./postgres.js";

export {
  createPostgresDatabase,
  dropDatabases,
  testDatabaseKind,
  TEST_DATABASE_URL,
  withDatabaseName,
  type ScratchPostgres,
} from "./postgres.js";
export {
  phoneJpeg,
  solidPng,
  pngBomb,
  truncated,
  executableBytes,
  pixelAt,
  bareResize,
  EXIF_GPS_TAG,
  TEST_DEVICE,
} from "../files/test-images.js";
export { testPdf, testZip, testDocx, testXlsx } from "../files/test-documents.js";

// Test helpers for the domain and for anyone building on it: a fresh migrated in-memory database per
// test, factories for units and users, and a caller acting as a given user.

/** Fixed keys for tests only; the server loads real ones from DATA_KEY or a key file. */
export const TEST_KEYS = deriveDataKeys(Buffer.alloc(32, 42));

/**
 * A fresh, migrated, empty database for one test: in-memory SQLite, or with TEST_DATABASE_URL set
 * (the suite's second run, `npm run test:pg`) this worker's PostgreSQL database emptied (postgres.ts).
 */
export async function createTestDb(): Promise<Kysely<Database>> {
  if (TEST_DATABASE_URL) return createPostgresTestDb(TEST_DATABASE_URL);
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  return db;
}

let unitSeq = 0;
const PARENT_OF: Record<OrgKind, OrgKind | null> = {
  street: null,
  community: "street",
  grid: "community",
  courtyard: "grid",
  building: "courtyard",
};

export async function makeUnit(
  db: Kysely<Database>,
  kind: OrgKind,
  parentId: number | null,
  extra: { name?: string; households?: number; population?: number } = {},
): Promise<number> {
  if ((PARENT_OF[kind] === null) !== (parentId === null))
    throw new Error(`makeUnit: ${kind} parent mismatch`);
  const row = await db
    .insertInto("org_unit")
    .values({
      parent_id: parentId,
      kind,
      name: extra.name ?? `${kind}-${++unitSeq}`,
      households: extra.households ?? null,
      population: extra.population ?? null,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A street with two communities, each with a grid, a courtyard and a building. */
export async function makeOrgTree(db: Kysely<Database>) {
  const street = await makeUnit(db, "street", null, { name: "测试街道" });
  const make = async (name: string) => {
    const community = await makeUnit(db, "community", street, { name, households: 1000, population: 3000 });
    const grid = await makeUnit(db, "grid", community, { name: `${name}第一网格` });
    const courtyard = await makeUnit(db, "courtyard", grid, { name: `${name}一号院` });
    const building = await makeUnit(db, "building", courtyard, { name: `${name}1号楼` });
    return { community, grid, courtyard, building };
  };
  return { street, a: await make("甲社区"), b: await make("乙社区") };
}

let mobileSeq = 0;
// One cheap hash shared by all factory users: scrypt per user would slow every test down.
let sharedHash: Promise<string> | undefined;
export const FACTORY_PASSWORD = "password-123";

export async function makeUser(
  db: Kysely<Database>,
  opts: {
    role?: Role;
    unitId?: number | null;
    name?: string;
    mobile?: string;
    communityId?: number;
    courtyardId?: number;
  } = {},
): Promise<{ id: number; mobile: string }> {
  const mobile = opts.mobile ?? `139${String(++mobileSeq).padStart(8, "0")}`;
  const now = new Date().toISOString();
  const user = await db
    .insertInto("user")
    .values({
      mobile,
      name: opts.name ?? `用户${mobileSeq}`,
      password_hash: await (sharedHash ??= hashPassword(FACTORY_PASSWORD)),
      community_id: opts.communityId ?? null,
      courtyard_id: opts.courtyardId ?? null,
      created_at: now,
      password_changed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (opts.role) {
    await db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role: opts.role,
        org_unit_id: opts.unitId ?? null,
        granted_by: null,
        created_at: now,
      })
      .execute();
  }
  return { id: user.id, mobile };
}

export async function sessionFor(db: Kysely<Database>, userId: number): Promise<AuthSession> {
  const { token } = await createSession(db, userId);
  const session = await resolveSession(db, token);
  if (!session) throw new Error("sessionFor: no session");
  return session;
}

export function recordingCookies(): SessionCookies & { token: string | null; cleared: boolean } {
  const jar = {
    token: null as string | null,
    cleared: false,
    set(token: string) {
      jar.token = token;
      jar.cleared = false;
    },
    clear() {
      jar.token = null;
      jar.cleared = true;
    },
  };
  return jar;
}

/** What else a test caller's context may carry: an SMS sender (none by default) and a client address. */
export interface CallerOptions {
  sms?: SmsSender | null;
  clientAddress?: string | null;
  /** the address links for phones use (PUBLIC_URL or the request's origin on the server) */
  publicBaseUrl?: string | null;
  /** where photos' bytes are (memoryStorage() for a test) */
  fileStorage?: FileStorage | null;
  /** heavy aggregates kept per caller, as the server keeps them (createAggregateCache()) */
  aggregates?: AggregateCache | null;
}

/** A FileStorage in memory, for tests that store and read photos without a disk. */
export function memoryStorage(): FileStorage {
  const bytes = new Map<string, Buffer>();
  return {
    async put(key, data) {
      if (Buffer.isBuffer(data)) bytes.set(key, data);
      else {
        const chunks: Buffer[] = [];
        for await (const c of data) chunks.push(c as Buffer);
        bytes.set(key, Buffer.concat(chunks));
      }
    },
    async get(key) {
      const b = bytes.get(key);
      return b ? Readable.from([b]) : null;
    },
    async delete(key) {
      bytes.delete(key);
    },
    async exists(key) {
      return bytes.has(key);
    },
  };
}

/** A tRPC caller acting as `userId` (or logged out with null). */
export async function callerFor(
  db: Kysely<Database>,
  userId: number | null,
  cookies = recordingCookies(),
  opts: CallerOptions = {},
) {
  const session = userId === null ? null : await sessionFor(db, userId);
  return createCaller(createContextInner({ db, session, cookies, keys: TEST_KEYS, ...opts }));
}

/** A caller acting through the session behind a cookie token (null token or unknown: logged out). */
export async function callerForToken(
  db: Kysely<Database>,
  token: string | null,
  cookies = recordingCookies(),
  opts: CallerOptions = {},
) {
  const session = token === null ? null : await resolveSession(db, token);
  return createCaller(createContextInner({ db, session, cookies, keys: TEST_KEYS, ...opts }));
}

/**
 * The TRPCError a call failed with. Throws when the call succeeds (or fails with something else), so a
 * test that expects a refusal cannot pass by accident.
 */
export async function trpcErrorOf(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("trpcErrorOf: expected the call to fail, but it succeeded");
}

/** What a client receives for `error`: the shape made by the error formatter in trpc.ts. */
export function errorShapeOf(error: TRPCError, path: string) {
  return getErrorShape({
    config: appRouter._def._config,
    error,
    type: "mutation",
    path,
    input: undefined,
    ctx: undefined,
  });
}

/** Every audit row, oldest first, with before/after parsed. */
export async function auditRows(db: Kysely<Database>) {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
  return rows.map((r) => ({
    ...r,
    before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
    after: r.after === null ? null : (JSON.parse(r.after) as Record<string, unknown>),
  }));
}

// Volunteers and activities.

let idSeq = 0;

/**
 * A 身份证号 that passes GB 11643 for `birthDate` (YYYY-MM-DD): odd sequence digits for a man, even for
 * a woman, and the check character from checkCharacter. Each call gives a different number.
 */
export function validIdNumber(birthDate: string, male: boolean): string {
  const n = ++idSeq;
  const area = String(110105 + Math.floor(n / 500));
  const sequence = String((n % 500) * 2 + (male ? 1 : 0)).padStart(3, "0");
  const first17 = `${area}${birthDate.replaceAll("-", "")}${sequence}`;
  return first17 + checkCharacter(first17);
}

let volunteerSeq = 0;

/** A volunteer (已注册 unless told) living in `courtyardId`, with the 身份证号 encrypted and indexed by TEST_KEYS. */
export async function makeVolunteer(
  db: Kysely<Database>,
  opts: {
    courtyardId: number;
    userId?: number | null;
    name?: string;
    idNumber?: string;
    mobile?: string;
    status?: VolunteerStatus;
    politicalStatus?: PoliticalStatus;
    skills?: Skill[];
    serviceTimes?: ServiceTime[];
    confirmedMinutes?: number;
    submittedAt?: string;
  },
): Promise<{ id: number; idNumber: string; mobile: string; communityId: number }> {
  const n = ++volunteerSeq;
  const idNumber = opts.idNumber ?? validIdNumber("1990-05-05", n % 2 === 1);
  const parsed = parseIdNumber(idNumber, "2999-12-31");
  if (!parsed.ok) throw new Error(`makeVolunteer: bad 身份证号 ${idNumber}: ${parsed.error}`);
  const communityId = await communityOf(db, opts.courtyardId);
  if (communityId === null) throw new Error("makeVolunteer: the courtyard is in no 社区");
  const mobile = opts.mobile ?? `137${String(n).padStart(8, "0")}`;
  const status = opts.status ?? "registered";
  const at = opts.submittedAt ?? new Date().toISOString();
  const row = await db
    .insertInto("volunteer")
    .values({
      user_id: opts.userId ?? null,
      community_id: communityId,
      courtyard_id: opts.courtyardId,
      name: opts.name ?? `志愿者${n}`,
      gender: parsed.info.gender,
      birth_date: parsed.info.birthDate,
      id_number_enc: encryptField(TEST_KEYS, parsed.info.normalized),
      id_number_index: idNumberIndex(TEST_KEYS, parsed.info.normalized),
      id_number_masked: maskIdNumber(parsed.info.normalized),
      mobile,
      political_status: opts.politicalStatus ?? "masses",
      service_times: toJson(opts.serviceTimes ?? ["weekend_morning"]),
      consent_at: at,
      status,
      submitted_at: at,
      registered_at: status === "registered" ? at : null,
      confirmed_minutes: opts.confirmedMinutes ?? 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const skills = opts.skills ?? ["sanitation"];
  if (skills.length > 0) {
    await db
      .insertInto("volunteer_skill")
      .values(skills.map((skill) => ({ volunteer_id: row.id, skill })))
      .execute();
  }
  return { id: row.id, idNumber: parsed.info.normalized, mobile, communityId };
}

/** A published activity of `communityId` (places: 20 unless told), with a text place. */
export async function makeActivity(
  db: Kysely<Database>,
  opts: {
    communityId: number;
    startsAt: string;
    endsAt: string;
    capacity?: number;
    title?: string;
    kind?: ActivityKind;
  },
): Promise<number> {
  const row = await db
    .insertInto("activity")
    .values({
      community_id: opts.communityId,
      kind: opts.kind ?? "volunteer_service",
      title: opts.title ?? "清理楼道小广告",
      team_id: null,
      starts_at: new Date(opts.startsAt).toISOString(),
      ends_at: new Date(opts.endsAt).toISOString(),
      place_unit_id: null,
      place_text: "社区广场",
      capacity: opts.capacity ?? 20,
      description: null,
      status: "published",
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A sign-up that takes a place (signed_count + 1), optionally already checked in and out. */
export async function makeSignup(
  db: Kysely<Database>,
  opts: {
    activityId: number;
    volunteerId: number;
    checkInAt?: string;
    checkOutAt?: string;
    minutes?: number;
  },
): Promise<number> {
  const row = await db
    .insertInto("activity_signup")
    .values({
      activity_id: opts.activityId,
      volunteer_id: opts.volunteerId,
      status: "signed",
      signed_at: new Date().toISOString(),
      check_in_at: opts.checkInAt ?? null,
      check_out_at: opts.checkOutAt ?? null,
      minutes: opts.minutes ?? null,
      hours_status: opts.checkOutAt ? "pending" : "none",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("activity")
    .set((eb) => ({ signed_count: eb("signed_count", "+", 1) }))
    .where("id", "=", opts.activityId)
    .execute();
  return row.id;
}

/** Decodes a base64 .xlsx and gives each sheet as rows of cell texts (header first). */
export async function sheetsOf(base64: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, "base64") as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      for (let i = 1; i <= ws.columnCount; i++) cells.push(row.getCell(i).text);
      rows.push(cells);
    });
    out[ws.name] = rows;
  }
  return out;
}

/** A base64 .xlsx with one sheet: the header and the rows, every cell as text (as an admin would type it). */
export async function workbookOf(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("志愿者导入");
  ws.addRow([...header]);
  for (const row of rows) ws.addRow([...row]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

// Photos and problems.

let fileSeq = 0;

/**
 * An uploaded photo's row, not attached to anything, without bytes on any disk: enough for a procedure
 * that attaches photos (the files feature's storeUpload is what stores real ones).
 */
export async function makeFileRow(db: Kysely<Database>, uploaderId: number): Promise<number> {
  const key = (++fileSeq).toString(16).padStart(64, "0");
  const row = await db
    .insertInto("file")
    .values({
      storage_key: key,
      thumb_key: key,
      uploader_id: uploaderId,
      byte_size: 1000,
      thumb_byte_size: 100,
      width: 640,
      height: 480,
      mime: "image/jpeg",
      owner_type: null,
      owner_id: null,
      created_at: new Date().toISOString(),
      attached_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An uploaded, not yet attached document row of `uploaderId` (its bytes are not stored). */
export async function makeDocumentRow(
  db: Kysely<Database>,
  uploaderId: number,
  name = "工作总结.pdf",
): Promise<number> {
  const key = (++fileSeq).toString(16).padStart(64, "0");
  const row = await db
    .insertInto("document")
    .values({
      storage_key: key,
      uploader_id: uploaderId,
      name,
      byte_size: 2048,
      mime: "application/pdf",
      owner_type: null,
      owner_id: null,
      created_at: new Date().toISOString(),
      attached_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A problem in `courtyardId` as if it had come that far: 待受理 unless told; 整改中 and later with the
 * 责任人 and deadline given; 已办结 with a closing time. One 上报 step; no photos.
 */
export async function makeProblem(
  db: Kysely<Database>,
  opts: {
    courtyardId: number;
    reporterId?: number | null;
    state?: ProblemState;
    assigneeId?: number | null;
    deadline?: string | null;
    category?: ProblemCategory;
    source?: ProblemSource;
    createdAt?: string;
    closedAt?: string | null;
    published?: boolean;
  },
): Promise<number> {
  const communityId = await communityOf(db, opts.courtyardId);
  if (communityId === null) throw new Error("makeProblem: the courtyard is in no 社区");
  const at = opts.createdAt ?? new Date().toISOString();
  const state = opts.state ?? "pending";
  const row = await db
    .insertInto("problem")
    .values({
      community_id: communityId,
      courtyard_id: opts.courtyardId,
      building_id: null,
      place: null,
      description: "楼道堆放杂物",
      category: opts.category ?? "corridor_clutter",
      source: opts.source ?? "snapshot",
      referral_origin: null,
      reporter_user_id: opts.reporterId ?? null,
      state,
      assignee_user_id: opts.assigneeId ?? null,
      deadline: opts.deadline ?? (state === "pending" || state === "rejected" ? null : "2099-12-31"),
      duplicate_of_id: null,
      reject_reason: state === "rejected" ? "untrue" : null,
      referred_department: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      published: opts.published ? 1 : 0,
      published_at: opts.published ? at : null,
      created_at: at,
      updated_at: at,
      closed_at: state === "closed" ? (opts.closedAt ?? at) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("problem_step")
    .values({
      problem_id: row.id,
      action: "report",
      from_state: null,
      to_state: "pending",
      actor_user_id: opts.reporterId ?? null,
      note: null,
      assignee_user_id: null,
      deadline: null,
      rating: null,
      created_at: at,
    })
    .execute();
  return row.id;
}
