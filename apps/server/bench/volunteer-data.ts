import { CompiledQuery, type Kysely } from "kysely";
import {
  checkCharacter,
  createSession,
  dialectOf,
  encryptField,
  ensureSystemAdmin,
  idNumberIndex,
  maskIdNumber,
  migrateToLatest,
  openDatabase,
  seedDemo,
  SKILLS,
  toJson,
  type Database,
  type DataKeys,
  type PoliticalStatus,
  type ServiceTime,
} from "@chuangcheng/domain";

// Synthetic data at the scale the issue names: 50,000 registered volunteers and 500,000 sign-ups.

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅文玉兰志强海燕";

function idNumber(i: number): string {
  const year = 1950 + (i % 55);
  const month = String(1 + (i % 12)).padStart(2, "0");
  const day = String(1 + (i % 28)).padStart(2, "0");
  const first17 = `110105${year}${month}${day}${String(i % 1000).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface LoadTimes {
  volunteersS: number;
  signupsS: number;
  totalS: number;
}

export interface BenchData {
  communityId: number;
  /** seconds spent inserting the volunteers with their skills, the sign-ups, and everything */
  load: LoadTimes;
  volunteers: number;
  signups: number;
  raceActivityId: number;
  raceTokens: string[];
}

/** Loads the data into `target`: a SQLite file, or an empty PostgreSQL database's URL. */
export async function generate(
  target: string,
  keys: DataKeys,
  opts = { volunteers: 50_000, activities: 5_000, perActivity: 100, racers: 200 },
): Promise<BenchData> {
  const t0 = performance.now();
  const db: Kysely<Database> = openDatabase(target);
  await migrateToLatest(db);
  await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
  await seedDemo(db);
  const community = await db
    .selectFrom("org_unit")
    .select(["id"])
    .where("name", "=", "东街社区")
    .executeTakeFirstOrThrow();
  const courtyards = await db
    .selectFrom("org_unit as c")
    .innerJoin("org_unit as g", "g.id", "c.parent_id")
    .select("c.id")
    .where("g.parent_id", "=", community.id)
    .where("c.kind", "=", "courtyard")
    .execute();
  const now = new Date().toISOString();
  let volunteerLoadS = 0;
  let signupLoadS = 0;

  await db.transaction().execute(async (trx) => {
    const tv = performance.now();
    const total = opts.volunteers + opts.racers;
    const volunteers = Array.from({ length: total }, (_, i) => {
      const id = idNumber(i);
      const name =
        SURNAMES[i % SURNAMES.length]! +
        GIVEN[(i * 7) % GIVEN.length]! +
        (i % 3 === 0 ? GIVEN[(i * 13) % GIVEN.length]! : "");
      return {
        community_id: community.id,
        courtyard_id: courtyards[i % courtyards.length]!.id,
        name,
        gender: (Number(id[16]) % 2 === 1 ? "male" : "female") as "male" | "female",
        birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
        id_number_enc: encryptField(keys, id),
        id_number_index: idNumberIndex(keys, id),
        id_number_masked: maskIdNumber(id),
        mobile: `139${String(10_000_000 + i).slice(-8)}`,
        political_status: (i % 5 === 0 ? "party_member" : "masses") as PoliticalStatus,
        service_times: toJson<ServiceTime[]>(["weekend_morning"]),
        status: "registered" as const,
        consent_at: now,
        submitted_at: now,
        registered_at: now,
        confirmed_minutes: (i * 37) % 6000,
      };
    });
    await batches(volunteers, 400, (chunk) => trx.insertInto("volunteer").values(chunk).execute());
    const ids = (await trx.selectFrom("volunteer").select("id").orderBy("id").execute()).map((r) => r.id);
    const skills = ids.slice(0, opts.volunteers).flatMap((id, i) => [
      { volunteer_id: id, skill: SKILLS[i % SKILLS.length]! },
      { volunteer_id: id, skill: SKILLS[(i + 4) % SKILLS.length]! },
    ]);
    await batches(skills, 2000, (chunk) => trx.insertInto("volunteer_skill").values(chunk).execute());
    volunteerLoadS = (performance.now() - tv) / 1000;

    const past = (k: number) => new Date(Date.UTC(2025, 0, 1) + k * 3_600_000 * 7).toISOString();
    const activities = Array.from({ length: opts.activities }, (_, k) => ({
      community_id: community.id,
      kind: "volunteer_service" as const,
      title: `志愿服务活动${k + 1}`,
      starts_at: past(k),
      ends_at: past(k + 0.3),
      place_text: "社区广场",
      capacity: opts.perActivity,
      signed_count: opts.perActivity,
      status: "published" as const,
      created_at: now,
    }));
    await batches(activities, 500, (chunk) => trx.insertInto("activity").values(chunk).execute());
    const activityIds = (await trx.selectFrom("activity").select("id").orderBy("id").execute()).map(
      (r) => r.id,
    );
    const ts = performance.now();
    // Distinct volunteers per activity: the stride is coprime with the volunteer count.
    const pairs = activityIds.flatMap((activityId, k) =>
      Array.from(
        { length: opts.perActivity },
        (_, j) => [activityId, ids[(k * opts.perActivity + j * 7919) % opts.volunteers]!] as const,
      ),
    );
    if (dialectOf(trx) === "postgres") {
      // Two arrays per statement instead of seven parameters per row: PostgreSQL parses a statement of
      // thousands of parameters slowly (35 s for the 500,000 rows in multi-row INSERTs, measured).
      for (let i = 0; i < pairs.length; i += 50_000) {
        const chunk = pairs.slice(i, i + 50_000);
        await trx.executeQuery(
          CompiledQuery.raw(
            `insert into activity_signup (activity_id, volunteer_id, status, signed_at, hours_status, minutes, confirmed_minutes)
             select a, v, 'signed', $3, 'confirmed', 120, 120 from unnest($1::int[], $2::int[]) as t(a, v)
             on conflict do nothing`,
            [chunk.map((p) => p[0]), chunk.map((p) => p[1]), now],
          ),
        );
      }
    } else {
      const rows = pairs.map(([activity_id, volunteer_id]) => ({
        activity_id,
        volunteer_id,
        status: "signed" as const,
        signed_at: now,
        hours_status: "confirmed" as const,
        minutes: 120,
        confirmed_minutes: 120,
      }));
      await batches(rows, 1000, (chunk) =>
        trx
          .insertInto("activity_signup")
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .execute(),
      );
    }
    signupLoadS = (performance.now() - ts) / 1000;
  });

  // The race: 20 places, 200 registered volunteers with their own sessions.
  const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const race = await db
    .insertInto("activity")
    .values({
      community_id: community.id,
      kind: "volunteer_service",
      title: "清理楼道小广告",
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 7_200_000).toISOString(),
      place_text: "邮政局家属院",
      capacity: 20,
      status: "published",
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const racers = await db
    .selectFrom("volunteer")
    .select("id")
    .orderBy("id", "desc")
    .limit(opts.racers)
    .execute();
  const raceTokens: string[] = [];
  for (const [i, v] of racers.entries()) {
    const user = await db
      .insertInto("user")
      .values({
        mobile: `137${String(10_000_000 + i).slice(-8)}`,
        name: `报名者${i}`,
        password_hash: "scrypt$unused",
        community_id: community.id,
        courtyard_id: courtyards[0]!.id,
        created_at: now,
        password_changed_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.updateTable("volunteer").set({ user_id: user.id }).where("id", "=", v.id).execute();
    raceTokens.push((await createSession(db, user.id)).token);
  }
  const signups = await db
    .selectFrom("activity_signup")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  // The planner's statistics, as autovacuum would gather them within a minute of a bulk load.
  if (dialectOf(db) === "postgres") await db.executeQuery(CompiledQuery.raw("analyze"));
  await db.destroy();
  return {
    communityId: community.id,
    load: { volunteersS: volunteerLoadS, signupsS: signupLoadS, totalS: (performance.now() - t0) / 1000 },
    volunteers: opts.volunteers,
    signups: Number(signups.n),
    raceActivityId: race.id,
    raceTokens,
  };
}
