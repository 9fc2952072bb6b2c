import { ACTIVITY_KIND_LABELS, minutesToHours } from "../activity/rules.js";
import { LEDGERS } from "./ledger-catalog.js";
import {
  chinaDateText,
  chinaTimeRange,
  LEDGER_PAGE,
  type LedgerCell,
  type LedgerScope,
  type LedgerSource,
} from "./ledger-common.js";

// 志愿服务活动台账 and 道德讲堂台账: the published activities of the unit's 社区 that started within the
// period, with how many signed up, how many came (签到) and the hours confirmed.

type Kinds = "all" | "moral_lecture";

function activityQuery(s: LedgerScope, kinds: Kinds) {
  let q = s.db
    .selectFrom("activity")
    .where("activity.community_id", "in", s.unitIds)
    .where("activity.status", "=", "published")
    .where("activity.starts_at", ">=", s.startIso)
    .where("activity.starts_at", "<", s.endIso);
  if (kinds === "moral_lecture") q = q.where("activity.kind", "=", "moral_lecture");
  return q;
}

async function countActivities(s: LedgerScope, kinds: Kinds) {
  const row = await activityQuery(s, kinds)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The activities page by page, earliest first (keyset on starts_at, id), with their attendance. */
async function* activityPages(s: LedgerScope, kinds: Kinds) {
  let after: { startsAt: string; id: number } | null = null;
  for (;;) {
    let q = activityQuery(s, kinds)
      .innerJoin("org_unit as community", "community.id", "activity.community_id")
      .leftJoin("org_unit as place", "place.id", "activity.place_unit_id")
      .leftJoin("team", "team.id", "activity.team_id")
      .select([
        "activity.id",
        "activity.kind",
        "activity.title",
        "activity.starts_at",
        "activity.ends_at",
        "activity.place_text",
        "activity.description",
        "place.name as place_name",
        "community.name as community_name",
        "team.name as team_name",
      ]);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb("activity.starts_at", ">", a.startsAt),
          eb.and([eb("activity.starts_at", "=", a.startsAt), eb("activity.id", ">", a.id)]),
        ]),
      );
    }
    const page = await q.orderBy("activity.starts_at").orderBy("activity.id").limit(LEDGER_PAGE).execute();
    if (page.length === 0) return;
    const ids = page.map((r) => r.id);
    const tallies = await s.db
      .selectFrom("activity_signup")
      .select([
        "activity_id",
        (eb) => eb.fn.countAll<number | string>().as("signed"),
        (eb) => eb.fn.count<number | string>("check_in_at").as("came"),
        (eb) =>
          eb.fn
            .sum<number | string | null>(
              eb
                .case()
                .when("hours_status", "=", "confirmed")
                .then(eb.ref("confirmed_minutes"))
                .else(0)
                .end(),
            )
            .as("minutes"),
      ])
      .where("activity_id", "in", ids)
      .where("status", "=", "signed")
      .groupBy("activity_id")
      .execute();
    const byId = new Map(tallies.map((t) => [t.activity_id, t]));
    yield page.map((r) => {
      const t = byId.get(r.id);
      return {
        ...r,
        place: r.place_text || r.place_name || "",
        organiser: r.team_name ?? r.community_name,
        signed: Number(t?.signed ?? 0),
        came: Number(t?.came ?? 0),
        hours: minutesToHours(Number(t?.minutes ?? 0)),
      };
    });
    const last = page.at(-1)!;
    after = { startsAt: last.starts_at, id: last.id };
  }
}

export const activitiesLedger: LedgerSource = {
  info: LEDGERS.activities,
  permission: LEDGERS.activities.permission,
  unitKinds: LEDGERS.activities.unitKinds,
  count: (s) => countActivities(s, "all"),
  async *rows(s) {
    let n = 0;
    for await (const page of activityPages(s, "all")) {
      for (const a of page) {
        yield [
          ++n,
          a.title,
          ACTIVITY_KIND_LABELS[a.kind],
          chinaDateText(a.starts_at),
          chinaTimeRange(a.starts_at, a.ends_at),
          a.place,
          a.organiser,
          a.signed,
          a.came,
          a.hours,
        ] satisfies LedgerCell[];
      }
    }
  },
};

/** 主讲人 as the organiser wrote it in the description ("主讲人：王老师"), if they did. */
export function speakerOf(description: string | null): string {
  const m = description?.match(/主讲(?:人|嘉宾)?\s*[:：]\s*([^\s，,。；;、]+)/);
  return m?.[1] ?? "";
}

const SUMMARY_MAX = 100;

export const lecturesLedger: LedgerSource = {
  info: LEDGERS.lectures,
  permission: LEDGERS.lectures.permission,
  unitKinds: LEDGERS.lectures.unitKinds,
  count: (s) => countActivities(s, "moral_lecture"),
  async *rows(s) {
    let n = 0;
    for await (const page of activityPages(s, "moral_lecture")) {
      for (const a of page) {
        const text = (a.description ?? "").replace(/\s+/g, " ").trim();
        yield [
          ++n,
          chinaDateText(a.starts_at),
          chinaTimeRange(a.starts_at, a.ends_at),
          a.title,
          speakerOf(a.description),
          a.place,
          a.came,
          text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX)}…` : text,
        ] satisfies LedgerCell[];
      }
    }
  },
};
