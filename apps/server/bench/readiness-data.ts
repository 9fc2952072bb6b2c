import { join } from "node:path";
import type { Kysely } from "kysely";
import {
  appRouter,
  createCallerFactory,
  createContextInner,
  createSession,
  ensureSystemAdmin,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
  toJson,
  type Database,
} from "@chuangcheng/domain";
import type { ActivityKind } from "@chuangcheng/domain/rules";
import { loadDataKeys } from "../src/data-key.js";

// The data of the readiness bench (issue 10): a street of 30 社区 with 5 years of activities,
// problems, 黑白榜 editions, volunteers and evidence, inserted straight into the tables of a fresh
// database under `dataDir` (a quarter of a million rows through tRPC would take longer than the
// figures). See readiness-bench.ts for what is measured on it.

export const COMMUNITIES = 30;
export const YEARS = 5;
export const ITEMS = 40;
const PROBLEMS_PER_YEAR = 1_300;
const VOLUNTEERS = 400;
const DAY = 86_400_000;

const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** 130 a year: 道德讲堂 twice a month (26 with two extra), 志愿服务 42, 文体 32, 宣传 30. */
const ACTIVITY_MIX: Array<[ActivityKind, number]> = [
  ["moral_lecture", 26],
  ["volunteer_service", 42],
  ["culture_sports", 32],
  ["publicity", 30],
];

export interface ReadinessData {
  loadS: number;
  campaignId: number;
  rows: Record<string, number>;
}

export async function generate(dataDir: string): Promise<ReadinessData> {
  const t0 = performance.now();
  const db: Kysely<Database> = openDatabase(join(dataDir, "bench.db"));
  try {
    await migrateToLatest(db);
    await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
    await seedDemo(db);
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const year = Number(chinaDate(nowMs).slice(0, 4));
    const firstYear = year - YEARS + 1;
    const user = (mobile: string) =>
      db.selectFrom("user").select("id").where("mobile", "=", mobile).executeTakeFirstOrThrow();
    const [streetAdmin, worker] = await Promise.all([user("13800000001"), user("13800000003")]);
    const street = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "城关街道")
      .executeTakeFirstOrThrow();

    // 28 more 社区 under 城关街道 (30 with 东街 and 西关), each with a 网格 of 2 楼院.
    await db.transaction().execute(async (trx) => {
      for (let c = 0; c < COMMUNITIES - 2; c++) {
        const community = await trx
          .insertInto("org_unit")
          .values({
            parent_id: street.id,
            kind: "community",
            name: `测试${c + 1}社区`,
            households: 3000,
            population: 8000,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const grid = await trx
          .insertInto("org_unit")
          .values({ parent_id: community.id, kind: "grid", name: "第一网格", created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("org_unit")
          .values(
            [1, 2].map((y) => ({
              parent_id: grid.id,
              kind: "courtyard" as const,
              name: `${c + 1}-${y}号院`,
              created_at: now,
            })),
          )
          .execute();
      }
    });

    // The campaign as the street admin makes it: the built-in template copied to each 社区.
    const session = (await resolveSession(db, (await createSession(db, streetAdmin.id)).token))!;
    const caller = createCallerFactory(appRouter)(
      createContextInner({ db, session, keys: loadDataKeys(dataDir, undefined).keys }),
    );
    const { id: campaignId, copies } = await caller.campaign.create({
      name: `${firstYear}—${year}年创建全国文明城市（压测）`,
      kind: "national_civilized_city",
      periodStart: `${firstYear}-01-01`,
      periodEnd: `${year}-12-31`,
      scopeUnitId: street.id,
    });
    if (copies !== COMMUNITIES) throw new Error(`readiness bench: ${copies} copies, expected ${COMMUNITIES}`);

    const rows: Record<string, number> = {};
    const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
    await db.transaction().execute(async (trx) => {
      const yardRows = await trx
        .selectFrom("org_unit as y")
        .innerJoin("org_unit as g", "g.id", "y.parent_id")
        .innerJoin("org_unit as c", "c.id", "g.parent_id")
        .select(["y.id", "c.id as community_id"])
        .where("y.kind", "=", "courtyard")
        .where("c.parent_id", "=", street.id)
        .orderBy("y.id")
        .execute();
      const yards = new Map<number, number[]>();
      for (const y of yardRows) yards.set(y.community_id, [...(yards.get(y.community_id) ?? []), y.id]);
      const communityIds = [...yards.keys()];

      // Up to 40 items per copy: two more of the kind a 社区 adds itself.
      const template = await trx
        .selectFrom("campaign_item")
        .select(["community_id", (eb) => eb.fn.max("sort").as("last"), (eb) => eb.fn.countAll().as("n")])
        .where("campaign_id", "=", campaignId)
        .groupBy("community_id")
        .execute();
      const extra = template.flatMap((t) =>
        Array.from({ length: ITEMS - Number(t.n) }, (_, k) => ({
          campaign_id: campaignId,
          community_id: t.community_id,
          sort: Number(t.last) + k + 1,
          project: "社区自选项目",
          content: `特色工作${k + 1}`,
          standard: "有方案、有记录、有图片，年度有总结。",
          method: "material" as const,
          points: 1,
          evidence_kinds: JSON.stringify(["plan", "record", "photo", "summary"]),
          measure: null,
          assignee_user_id: null,
          created_at: now,
          updated_at: now,
          archived_at: null,
        })),
      );
      if (extra.length > 0) await trx.insertInto("campaign_item").values(extra).execute();
      const items = await trx
        .selectFrom("campaign_item")
        .select(["id", "community_id", "evidence_kinds", "measure"])
        .where("campaign_id", "=", campaignId)
        .orderBy("id")
        .execute();
      if (items.length !== COMMUNITIES * ITEMS)
        throw new Error(`readiness bench: ${items.length} items, expected ${COMMUNITIES * ITEMS}`);

      for (const [ci, communityId] of communityIds.entries()) {
        const mine = items.filter((i) => i.community_id === communityId);
        const itemFor = (test: (m: { kind: string; activityKind?: string }) => boolean) =>
          mine.find((i) => i.measure !== null && test(JSON.parse(i.measure) as { kind: string }));
        const lectureItem = itemFor(
          (m) => m.kind === "activities_per_month" && m.activityKind === "moral_lecture",
        );
        const serviceItem = itemFor(
          (m) => m.kind === "activities_per_month" && m.activityKind === "volunteer_service",
        );
        const boardItem = itemFor((m) => m.kind === "board_monthly");
        const problemItem = itemFor((m) => m.kind === "problems_on_time");
        const yardIds = yards.get(communityId)!;

        // Activities: 130 a year spread over its days, 09:30 China time; one in 40 cancelled.
        const activities = [];
        for (let y = firstYear; y <= year; y++) {
          const start = Date.UTC(y, 0, 1) + 1.5 * 3_600_000;
          let n = 0;
          for (const [kind, perYear] of ACTIVITY_MIX) {
            for (let k = 0; k < perYear; k++, n++) {
              const day = Math.floor(((k + 0.5) * 365) / perYear + ci) % 365;
              const at = start + day * DAY;
              activities.push({
                community_id: communityId,
                kind,
                title: `${y}年第${k + 1}期${kind === "moral_lecture" ? "道德讲堂" : "社区活动"}`,
                team_id: null,
                starts_at: new Date(at).toISOString(),
                ends_at: new Date(at + 2 * 3_600_000).toISOString(),
                place_unit_id: null,
                place_text: "社区新时代文明实践站",
                capacity: 40,
                skills: toJson([]),
                description: null,
                status: (n % 40 === 39 ? "cancelled" : "published") as "cancelled" | "published",
                created_by: streetAdmin.id,
                created_at: new Date(at - 7 * DAY).toISOString(),
              });
            }
          }
        }
        const activityIds: Array<{ id: number; kind: ActivityKind }> = [];
        await batches(activities, 500, async (chunk) => {
          activityIds.push(
            ...(await trx.insertInto("activity").values(chunk).returning(["id", "kind"]).execute()),
          );
        });
        count("activity", activities.length);

        // Problems: 1,300 a year; closed a few days after being found (one in 8 after its deadline),
        // the last weeks' still open, some of them past their deadline.
        const problems = [];
        const spanDays = Math.floor((nowMs - Date.UTC(firstYear, 0, 1)) / DAY);
        const total = PROBLEMS_PER_YEAR * YEARS;
        for (let i = 0; i < total; i++) {
          const foundMs =
            Date.UTC(firstYear, 0, 1) + Math.floor((i * spanDays) / total) * DAY + (i % 600) * 60_000;
          const deadlineMs = foundMs + 7 * DAY;
          const recent = nowMs - foundMs < 20 * DAY;
          const closed = !recent || i % 3 === 0;
          const closedMs = foundMs + (i % 8 === 0 ? 9 : 3) * DAY;
          problems.push({
            community_id: communityId,
            courtyard_id: yardIds[i % yardIds.length]!,
            place: `${(i % 6) + 1}单元楼道`,
            description: `问题${i + 1}：楼道内堆放杂物，影响通行`,
            category: "corridor_clutter" as const,
            source: "patrol" as const,
            state: closed ? ("closed" as const) : ("rectifying" as const),
            assignee_user_id: worker.id,
            deadline: chinaDate(deadlineMs),
            created_at: new Date(foundMs).toISOString(),
            updated_at: new Date(closed ? closedMs : foundMs).toISOString(),
            closed_at: closed ? new Date(closedMs).toISOString() : null,
          });
        }
        const problemIds: number[] = [];
        await batches(problems, 500, async (chunk) => {
          problemIds.push(
            ...(await trx.insertInto("problem").values(chunk).returning("id").execute()).map((r) => r.id),
          );
        });
        count("problem", problems.length);

        // 黑白榜: an edition published every month of the 5 years but one in 12 (a gap to report).
        const months = Array.from({ length: YEARS * 12 }, (_, k) => {
          const d = new Date(Date.UTC(firstYear, k, 1));
          return d.toISOString().slice(0, 7);
        }).filter((m, k) => m <= chinaDate(nowMs).slice(0, 7) && (k + ci) % 12 !== 5);
        const editionIds = (
          await trx
            .insertInto("board_edition")
            .values(
              months.map((m) => ({
                community_id: communityId,
                month: m,
                title: `${m.replace("-", "年")}月黑白榜`,
                created_by: streetAdmin.id,
                created_at: `${m}-01T01:00:00.000Z`,
                published_by: streetAdmin.id,
                published_at: `${m}-01T02:00:00.000Z`,
              })),
            )
            .returning("id")
            .execute()
        ).map((r) => r.id);
        count("board_edition", editionIds.length);

        // Registered volunteers (a share of the 常住人口), a few still pending.
        const volunteers = Array.from({ length: VOLUNTEERS + (ci % 7) * 40 }, (_, v) => ({
          user_id: null,
          community_id: communityId,
          courtyard_id: yardIds[v % yardIds.length]!,
          name: `志愿者${v + 1}`,
          service_times: toJson([]),
          status: (v % 25 === 0 ? "pending" : "registered") as "pending" | "registered",
          submitted_at: now,
          registered_at: v % 25 === 0 ? null : now,
        }));
        await batches(volunteers, 500, (chunk) => trx.insertInto("volunteer").values(chunk).execute());
        count("volunteer", volunteers.length);

        // Evidence: two items in three get their kinds filed, a 宣传栏-style photo in most quarters,
        // each with a file row (a photo or a document).
        const evidence = [];
        for (const [k, item] of mine.entries()) {
          if ((k + ci) % 3 === 0) continue;
          const kinds = (JSON.parse(item.evidence_kinds) as string[]).filter(
            (_, j) => (j + k + ci) % 4 !== 3,
          );
          for (const kind of kinds) {
            for (let y = firstYear; y <= year; y++) {
              evidence.push({
                item_id: item.id,
                kind: kind as "photo",
                title: `${y}年${kind === "photo" ? "现场照片" : "材料"}`,
                evidence_date: `${y}-06-15`,
                note: null,
                created_by: streetAdmin.id,
                created_at: now,
              });
            }
          }
          for (let q = 0; q < YEARS * 4; q++) {
            if ((q + k) % 9 === 4) continue;
            const y = firstYear + Math.floor(q / 4);
            const date = `${y}-${String((q % 4) * 3 + 2).padStart(2, "0")}-10`;
            if (date > chinaDate(nowMs)) continue;
            evidence.push({
              item_id: item.id,
              kind: "photo" as const,
              title: `${date} 宣传栏照片`,
              evidence_date: date,
              note: null,
              created_by: streetAdmin.id,
              created_at: now,
            });
          }
        }
        const evidenceIds: Array<{ id: number; kind: string }> = [];
        await batches(evidence, 500, async (chunk) => {
          evidenceIds.push(
            ...(await trx.insertInto("campaign_evidence").values(chunk).returning(["id", "kind"]).execute()),
          );
        });
        count("campaign_evidence", evidence.length);
        const photos = evidenceIds.filter((e) => e.kind === "photo");
        const documents = evidenceIds.filter((e) => e.kind !== "photo");
        const files = photos.map((e, k) => ({
          storage_key: `bench-photo-${communityId}-${k}`,
          thumb_key: `bench-thumb-${communityId}-${k}`,
          uploader_id: streetAdmin.id,
          byte_size: 900_000,
          thumb_byte_size: 20_000,
          width: 1600,
          height: 1200,
          mime: "image/jpeg" as const,
          owner_type: "campaign_evidence" as const,
          owner_id: e.id,
          created_at: now,
          attached_at: now,
        }));
        await batches(files, 500, (chunk) => trx.insertInto("file").values(chunk).execute());
        count("file", files.length);
        const docs = documents.map((e, k) => ({
          storage_key: `bench-document-${communityId}-${k}`,
          uploader_id: streetAdmin.id,
          name: `材料${k + 1}.docx`,
          byte_size: 120_000,
          mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" as const,
          owner_type: "campaign_evidence" as const,
          owner_id: e.id,
          created_at: now,
          attached_at: now,
        }));
        await batches(docs, 500, (chunk) => trx.insertInto("document").values(chunk).execute());
        count("document", docs.length);

        // Records confirmed as evidence: every 道德讲堂 and 志愿服务 under its item, every edition,
        // and one closed problem in 20 under the 按期办结 item.
        const link = (
          itemId: number | undefined,
          recordType: "activity" | "board_edition" | "problem",
          ids: number[],
        ) =>
          itemId === undefined
            ? []
            : ids.map((recordId) => ({
                item_id: itemId,
                record_type: recordType,
                record_id: recordId,
                state: "confirmed" as const,
                decided_by: streetAdmin.id,
                decided_at: now,
              }));
        const links = [
          ...link(
            lectureItem?.id,
            "activity",
            activityIds.filter((a) => a.kind === "moral_lecture").map((a) => a.id),
          ),
          ...link(
            serviceItem?.id,
            "activity",
            activityIds.filter((a) => a.kind === "volunteer_service").map((a) => a.id),
          ),
          ...link(boardItem?.id, "board_edition", editionIds),
          ...link(
            problemItem?.id,
            "problem",
            problemIds.filter((_, i) => i % 20 === 0),
          ),
        ];
        await batches(links, 500, (chunk) => trx.insertInto("campaign_link").values(chunk).execute());
        count("campaign_link", links.length);
      }
    });
    // What the readiness reads instead of the rows: the counts the triggers kept as they went in.
    for (const table of ["campaign_evidence_tally", "campaign_link_tally", "activity_month_tally"] as const) {
      const { n } = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      count(table, Number(n));
    }
    return { loadS: (performance.now() - t0) / 1000, campaignId, rows };
  } finally {
    await db.destroy();
  }
}
