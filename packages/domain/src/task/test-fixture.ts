import { campaignPeople } from "../campaign/test-fixture.js";
import { addDays } from "../problem/rules.js";
import { createTestDb } from "../testing/index.js";
import { chinaToday } from "../time.js";

// Shared by the task tests: a fresh database with the campaign tests' street, 社区 甲 and 乙 and their
// staff (campaignPeople), the street's campaign over all of it from `periodStart` (today unless told)
// for a year; `base()`, the fields every task of that campaign starts from, and `splitDown()`, a task
// tree down to a grid.

export async function taskWorld(opts: { periodStart?: string } = {}) {
  const today = chinaToday();
  const db = await createTestDb();
  const fx = await campaignPeople(db);
  const { id: campaignId } = await (
    await fx.as(fx.people.street)
  ).campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    scopeUnitId: fx.tree.street,
    periodStart: opts.periodStart ?? today,
    periodEnd: addDays(today, 365),
  });
  /** A new task's fields: 楼道堆物清理, from today, due in 20 days, normal priority; spread and override. */
  const base = () => ({
    campaignId,
    title: "楼道堆物清理",
    startOn: today,
    dueOn: addDays(today, 20),
    priority: "normal" as const,
  });

  /**
   * 街道's 环境整治 → 甲社区楼道整治 (李秀英) → 一号院楼道清理 (第一网格, 张伟), each made by the level above;
   * with `sibling`, also 乙社区楼道整治 (赵丽华) under 环境整治, made before the grid's task and not split.
   */
  async function splitDown(): Promise<{ top: number; community: number; grid: number }>;
  async function splitDown(opts: {
    sibling: true;
  }): Promise<{ top: number; community: number; other: number; grid: number }>;
  async function splitDown(opts: { sibling?: boolean } = {}) {
    const street = await fx.as(fx.people.street);
    const top = await street.task.create({ ...base(), title: "环境整治", unitId: fx.tree.street });
    const community = await street.task.create({
      ...base(),
      parentId: top.id,
      title: "甲社区楼道整治",
      unitId: fx.tree.a.community,
      assigneeUserId: fx.people.adminA,
    });
    const other = opts.sibling
      ? await street.task.create({
          ...base(),
          parentId: top.id,
          title: "乙社区楼道整治",
          unitId: fx.tree.b.community,
          assigneeUserId: fx.people.adminB,
        })
      : null;
    const admin = await fx.as(fx.people.adminA);
    const grid = await admin.task.create({
      ...base(),
      parentId: community.id,
      title: "一号院楼道清理",
      unitId: fx.tree.a.grid,
      assigneeUserId: fx.people.workerA,
    });
    return { top: top.id, community: community.id, ...(other && { other: other.id }), grid: grid.id };
  }

  return { db, fx, campaignId, base, splitDown };
}

export type TaskWorld = Awaited<ReturnType<typeof taskWorld>>;
