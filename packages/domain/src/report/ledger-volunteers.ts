import { POLITICAL_STATUS_LABELS, SKILL_LABELS } from "../volunteer/rules.js";
import { searchRoster } from "../volunteer/volunteer-roster.js";
import type { RosterQuery } from "../volunteer/volunteer-roster-match.js";
import { chinaDateTimeText } from "../time.js";
import { LEDGERS } from "./ledger-catalog.js";
import { LEDGER_PAGE, type LedgerCell, type LedgerScope, type LedgerSource } from "./ledger-common.js";

// 志愿者注册资料: the volunteers registered by the end of the period, in the order they registered,
// read through the roster (searchRoster) so that what a caller may see of each (a grid worker's masked
// mobiles, the masked 身份证号) is what the roster shows.

/** Which filter of the roster the unit is: its 社区s (one for a 社区, each of a 街道's), a 网格 or a 楼院. */
async function rosterFilters(s: LedgerScope): Promise<Array<Partial<RosterQuery>>> {
  if (s.unit.kind === "grid") return [{ gridId: s.unit.id }];
  if (s.unit.kind === "courtyard") return [{ courtyardId: s.unit.id }];
  if (s.unit.kind === "community") return [{ communityId: s.unit.id }];
  const communities = await s.db
    .selectFrom("org_unit")
    .select("id")
    .where("id", "in", s.unitIds)
    .where("kind", "=", "community")
    .orderBy("id")
    .execute();
  return communities.map((c) => ({ communityId: c.id }));
}

function registered(s: LedgerScope) {
  let q = s.db
    .selectFrom("volunteer")
    .where("status", "=", "registered")
    .where("registered_at", "<", s.endIso);
  q =
    s.unit.kind === "grid" || s.unit.kind === "courtyard"
      ? q.where("courtyard_id", "in", s.unitIds)
      : q.where("community_id", "in", s.unitIds);
  return q;
}

export const volunteersLedger: LedgerSource = {
  info: LEDGERS.volunteers,
  permission: LEDGERS.volunteers.permission,
  unitKinds: LEDGERS.volunteers.unitKinds,
  async count(s) {
    const row = await registered(s)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async *rows(s) {
    let n = 0;
    for (const filter of await rosterFilters(s)) {
      for (let page = 1; ; page++) {
        const { items } = await searchRoster(s.db, s.session, {
          ...filter,
          status: "registered",
          sort: "registeredAt",
          order: "asc",
          page,
          pageSize: LEDGER_PAGE,
        });
        for (const v of items) {
          // In order of registration: the first one after the period ends the list.
          if (v.registeredAt === null || v.registeredAt >= s.endIso) break;
          yield [
            ++n,
            v.name ?? "（已注销）",
            v.gender === "male" ? "男" : v.gender === "female" ? "女" : "",
            v.age,
            v.idNumber,
            v.mobile,
            v.politicalStatus ? POLITICAL_STATUS_LABELS[v.politicalStatus] : "",
            v.skills.map((k) => SKILL_LABELS[k]).join("、"),
            v.gridName,
            v.courtyardName,
            chinaDateTimeText(v.registeredAt),
            v.hours,
          ] satisfies LedgerCell[];
        }
        const last = items.at(-1);
        if (items.length < LEDGER_PAGE || !last?.registeredAt || last.registeredAt >= s.endIso) break;
      }
    }
  },
};
