import { z } from "zod";
import { idSchema } from "../schemas.js";
import { SUPERVISION_COLOURS, TASK_STATES } from "../task/rules.js";

// Inputs and outputs of the 数据看板 (report.communityDashboard, report.streetDashboard).

const monthSchema = z
  .string({ error: "请选择月份" })
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { error: "月份格式应为 2026-12" });

export const communityDashboardInput = z.object({
  communityId: idSchema("社区"),
  month: monthSchema.optional(),
});
export const streetDashboardInput = z.object({
  streetId: idSchema("街道").optional(),
  month: monthSchema.optional(),
});

const countsOf = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as { [K in T[number]]: z.ZodNumber });

const readinessTally = {
  items: z.number(),
  complete: z.number(),
  partial: z.number(),
  missing: z.number(),
  readyPercent: z.number().nullable(),
};

export const communityFigures = z.object({
  id: z.number(),
  name: z.string(),
  tasks: z.object({
    total: z.number(),
    byState: countsOf(TASK_STATES),
    byColour: countsOf(SUPERVISION_COLOURS),
    overdue: z.number(),
    supervised: z.number(),
    completionPercent: z.number().nullable(),
  }),
  problems: z.object({
    opened: z.number(),
    closed: z.number(),
    closedOnTime: z.number(),
    onTimePercent: z.number().nullable(),
    overdue: z.number(),
    medianDaysToClose: z.number().nullable(),
    months: z.array(z.object({ month: z.string(), opened: z.number(), closed: z.number() })),
  }),
  volunteers: z.object({
    registered: z.number(),
    population: z.number().nullable(),
    ratioPercent: z.number().nullable(),
    targetPercent: z.number(),
    reached: z.boolean(),
  }),
  activities: z.array(z.object({ month: z.string(), activities: z.number(), hours: z.number() })),
  lectures: z.object({ held: z.number(), planned: z.number(), target: z.number() }),
  readiness: z.object({
    campaign: z.object({ id: z.number(), name: z.string() }).nullable(),
    ...readinessTally,
    projects: z.array(z.object({ project: z.string(), ...readinessTally })),
  }),
});

const overdueTask = z.object({
  id: z.number(),
  campaignId: z.number(),
  title: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  unitName: z.string(),
  assigneeName: z.string().nullable(),
  dueOn: z.string(),
  daysOverdue: z.number(),
  state: z.enum(TASK_STATES),
  colour: z.enum(SUPERVISION_COLOURS).nullable(),
});

const period = {
  /** China date the figures are as of */
  asOf: z.string(),
  /** the month asked for (YYYY-MM) and the trend's months, oldest first */
  month: z.string(),
  months: z.array(z.string()),
  overdueTotal: z.number(),
  overdueTasks: z.array(overdueTask),
};

export const communityDashboardOutput = communityFigures.extend(period);
export const streetDashboardOutput = z.object({
  ...period,
  street: z.object({ id: z.number(), name: z.string() }),
  communities: z.array(communityFigures),
});
