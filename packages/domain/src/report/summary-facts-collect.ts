import type { Db } from "../db/open-database.js";
import { descendantIds } from "../auth/authorize.js";
import { monthsBetween } from "../campaign/measure-rules.js";
import { activityFacts, boardFacts, factsWindow, unitFacts, volunteerFacts } from "./summary-facts.js";
import { campaignFacts, problemFacts, taskFacts } from "./summary-work-facts.js";
import type { SummaryFacts } from "./summary-draft.js";
import { figuresUntil, type SummaryPeriod } from "./summary-period.js";

/** A 社区 or a 街道 (its 社区 read together), as the summary names it. */
export interface SummaryUnit {
  id: number;
  kind: "community" | "street";
  name: string;
}

/** Everything a draft says, read for the unit and period (each feature's figures read at once). */
export async function collectFacts(
  db: Db,
  unit: SummaryUnit,
  period: SummaryPeriod,
  today: string,
  now: Date,
): Promise<SummaryFacts> {
  const communityIds =
    unit.kind === "community"
      ? [unit.id]
      : (
          await db
            .selectFrom("org_unit")
            .select("id")
            .where("parent_id", "=", unit.id)
            .where("kind", "=", "community")
            .orderBy("id")
            .execute()
        ).map((r) => r.id);
  const until = figuresUntil(period, today);
  const w = factsWindow(communityIds, period.from, until, now);
  const months = monthsBetween(`${period.from.slice(0, 7)}-01`, `${until.slice(0, 7)}-01`).length;
  const unitIds = [unit.id, ...(await descendantIds(db, communityIds))];
  const units = await unitFacts(db, w);
  const [volunteers, activities, board, problems, tasks, campaign] = await Promise.all([
    volunteerFacts(db, w, units),
    activityFacts(db, w, months),
    boardFacts(db, w),
    problemFacts(db, w, today),
    taskFacts(db, w, unitIds, today),
    communityIds.length === 0 ? null : campaignFacts(db, w, now),
  ]);
  return {
    unitName: unit.name,
    isStreet: unit.kind === "street",
    periodLabel: period.label,
    from: period.from,
    until,
    today,
    units,
    volunteers,
    activities,
    board,
    problems,
    tasks,
    campaign,
  };
}
