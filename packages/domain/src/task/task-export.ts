import { assertSees, campaignOrThrow } from "../campaign/campaign-access.js";
import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { workbookBase64 } from "../excel/workbook.js";
import { type Offload } from "../offload.js";
import { chinaToday } from "../time.js";
import {
  SUPERVISION_COLOUR_LABELS,
  TASK_PRIORITY_LABELS,
  TASK_STATE_LABELS,
  TASK_TEXT_MAX,
  TASK_TITLE_MAX,
} from "./rules.js";
import type { TaskExportFilter } from "./task-excel-schemas.js";
import { TASK_EXPORT_COLUMNS, TASK_IMPORT_COLUMNS, assertManagesSome, staffNamed } from "./task-sheet.js";
import { taskTree } from "./task-views.js";

// The 任务分解表 written: the import's template, and the tasks of a campaign in the import's columns
// plus state, progress and 督办, in a form the import reads back (task-import.ts).

/**
 * The 责任人 column of an export as the import reads it back: the name, or the mobile where another
 * member of staff has the same name (the import would ask which of them is meant).
 */
async function assigneeCells(db: Db, userIds: readonly number[]): Promise<Map<number, string>> {
  const cells = new Map<number, string>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const people = await db
      .selectFrom("user")
      .select(["id", "name", "mobile"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    const { byName } = await staffNamed(
      db,
      people.map((p) => p.name),
    );
    for (const p of people) cells.set(p.id, (byName.get(p.name)?.length ?? 0) > 1 ? p.mobile : p.name);
  }
  return cells;
}

/** The import template: the columns (dates as text), the allowed values and an example on a second sheet. */
export async function taskTemplate(db: Db, session: AuthSession, input: { campaignId: number }) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  await assertManagesSome(db, session);
  const scopeName =
    (
      await db
        .selectFrom("org_unit")
        .select("name")
        .where("id", "=", campaign.scope_unit_id)
        .executeTakeFirst()
    )?.name ?? "";
  const start = campaign.period_start > chinaToday() ? campaign.period_start : chinaToday();
  const due = new Date(Date.parse(start) + 30 * 86_400_000).toISOString().slice(0, 10);
  const base64 = await workbookBase64([
    { name: "任务分解表", header: [...TASK_IMPORT_COLUMNS], widths: WIDTHS, rows: [] },
    {
      name: "填写说明",
      header: ["列", "填写说明"],
      widths: [16, 90],
      rows: [
        ["任务", `必填，最多${TASK_TITLE_MAX}个字`],
        [
          "上级任务",
          "不填为顶层任务；填写本表中另一行的任务名称（可在其后面的行），或该活动已有任务的名称；最多分解到4级",
        ],
        ["责任单位", `必填，${scopeName}或其下级单位的名称；重名时写成“上级单位/单位名称”`],
        ["责任人", "可不填；该单位工作人员的姓名，重名时填写手机号"],
        ["开始日期、时限", "必填，年-月-日，如 2027-03-01；时限不能早于开始日期"],
        ["优先级", `可不填（一般）：${Object.values(TASK_PRIORITY_LABELS).join("、")}`],
        ["权重", "可不填；不小于0的数字，在同一上级任务的子任务中所占的比重"],
        ["关联测评内容", "可不填；测评体系中“测评内容”的原文，多个用、或；分隔"],
        ["说明", `可不填，最多${TASK_TEXT_MAX}字`],
        [],
        ["示例（请在“任务分解表”中按此格式填写，本页不会导入）"],
        [...TASK_IMPORT_COLUMNS],
        ["环境卫生整治", "", scopeName, "", start, due, "重要", "", "", "背街小巷、楼道堆物集中清理"],
      ],
    },
  ]);
  return { fileName: `${campaign.name}-任务分解表导入模板.xlsx`, base64 };
}

const WIDTHS = [24, 20, 16, 12, 12, 12, 8, 8, 30, 30, 10, 8, 16];

/** The tasks of a campaign the caller sees, narrowed by the filter, in tree order, as a 任务分解表. */
export async function exportTasks(
  db: Db,
  session: AuthSession,
  filter: TaskExportFilter,
  now = new Date(),
  offload?: Offload,
) {
  await assertManagesSome(db, session);
  const campaign = await campaignOrThrow(db, filter.campaignId);
  const { tasks } = await taskTree(db, session, { campaignId: campaign.id }, now);
  const titleOf = new Map(tasks.map((t) => [t.id, t.title]));
  const withItem =
    filter.itemId === undefined
      ? null
      : new Set(
          (
            await db.selectFrom("task_item").select("task_id").where("item_id", "=", filter.itemId).execute()
          ).map((r) => r.task_id),
        );
  const chosen = tasks.filter(
    (t) =>
      (filter.unitId === undefined || t.unit.id === filter.unitId) &&
      (filter.assigneeUserId === undefined || t.assignee?.id === filter.assigneeUserId) &&
      (!filter.states?.length || filter.states.includes(t.state)) &&
      (!filter.colours?.length || filter.colours.includes(t.colour ?? "none")) &&
      (filter.dueFrom === undefined || t.dueOn >= filter.dueFrom) &&
      (filter.dueTo === undefined || t.dueOn <= filter.dueTo) &&
      (withItem === null || withItem.has(t.id)),
  );
  const ids = chosen.map((t) => t.id);
  const descriptions = new Map<number, string>();
  const itemsOf = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    (await db.selectFrom("task").select(["id", "description"]).where("id", "in", chunk).execute()).forEach(
      (r) => descriptions.set(r.id, r.description),
    );
    const links = await db
      .selectFrom("task_item")
      .innerJoin("campaign_item", "campaign_item.id", "task_item.item_id")
      .select(["task_item.task_id", "campaign_item.content"])
      .where("task_item.task_id", "in", chunk)
      .orderBy("campaign_item.sort")
      .execute();
    for (const l of links) {
      const list = itemsOf.get(l.task_id) ?? [];
      // A 街道 task linked to the same 测评内容 in each 社区's copy names it once.
      if (!list.includes(l.content)) list.push(l.content);
      itemsOf.set(l.task_id, list);
    }
  }
  const personCell = await assigneeCells(
    db,
    chosen.flatMap((t) => (t.assignee ? [t.assignee.id] : [])),
  );
  const base64 = await workbookBase64(
    [
      {
        name: "任务分解表",
        header: [...TASK_EXPORT_COLUMNS],
        widths: WIDTHS,
        rows: chosen.map((t) => [
          t.title,
          t.parentId === null ? "" : (titleOf.get(t.parentId) ?? ""),
          t.unit.name,
          t.assignee ? (personCell.get(t.assignee.id) ?? t.assignee.name) : "",
          t.startOn,
          t.dueOn,
          TASK_PRIORITY_LABELS[t.priority],
          t.weight,
          (itemsOf.get(t.id) ?? []).join("、"),
          descriptions.get(t.id) ?? "",
          TASK_STATE_LABELS[t.state],
          `${t.rolledUp}%`,
          t.colour === null ? "" : SUPERVISION_COLOUR_LABELS[t.colour],
        ]),
      },
    ],
    offload,
  );
  return { fileName: `${campaign.name}-任务分解表-${chinaToday(now)}.xlsx`, base64 };
}
