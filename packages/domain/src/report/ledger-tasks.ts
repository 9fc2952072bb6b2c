import { isTaskOverdue, TASK_PRIORITY_LABELS, TASK_STATE_LABELS } from "../task/rules.js";
import { LEDGERS } from "./ledger-catalog.js";
import { LEDGER_PAGE, type LedgerCell, type LedgerScope, type LedgerSource } from "./ledger-common.js";

// 任务落实台账: the tasks given to the unit and the units below it whose 时限 falls within the period
// (cancelled ones left out), by 时限, with their 责任人, progress, state and whether they are overdue.

function taskQuery(s: LedgerScope) {
  return s.db
    .selectFrom("task")
    .where("task.unit_id", "in", s.unitIds)
    .where("task.state", "!=", "cancelled")
    .where("task.due_on", ">=", s.from)
    .where("task.due_on", "<=", s.to);
}

export const tasksLedger: LedgerSource = {
  info: LEDGERS.tasks,
  permission: LEDGERS.tasks.permission,
  unitKinds: LEDGERS.tasks.unitKinds,
  async count(s) {
    const row = await taskQuery(s)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async *rows(s) {
    let after: { dueOn: string; id: number } | null = null;
    let n = 0;
    for (;;) {
      let q = taskQuery(s)
        .innerJoin("campaign", "campaign.id", "task.campaign_id")
        .innerJoin("org_unit as unit", "unit.id", "task.unit_id")
        .leftJoin("user as assignee", "assignee.id", "task.assignee_user_id")
        .select([
          "task.id",
          "task.title",
          "task.start_on",
          "task.due_on",
          "task.priority",
          "task.progress",
          "task.state",
          "campaign.name as campaign_name",
          "unit.name as unit_name",
          "assignee.name as assignee_name",
          "assignee.deleted_at as assignee_deleted_at",
        ]);
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb("task.due_on", ">", a.dueOn),
            eb.and([eb("task.due_on", "=", a.dueOn), eb("task.id", ">", a.id)]),
          ]),
        );
      }
      const page = await q.orderBy("task.due_on").orderBy("task.id").limit(LEDGER_PAGE).execute();
      if (page.length === 0) return;
      for (const t of page) {
        yield [
          ++n,
          t.title,
          t.campaign_name,
          t.unit_name,
          t.assignee_name === null ? "" : t.assignee_deleted_at === null ? t.assignee_name : "（已注销）",
          t.start_on,
          t.due_on,
          TASK_PRIORITY_LABELS[t.priority],
          `${t.state === "done" ? 100 : t.progress}%`,
          TASK_STATE_LABELS[t.state],
          isTaskOverdue({ state: t.state, dueOn: t.due_on }, s.today) ? "是" : "否",
        ] satisfies LedgerCell[];
      }
      const last = page.at(-1)!;
      after = { dueOn: last.due_on, id: last.id };
    }
  },
};
