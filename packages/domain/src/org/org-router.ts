import { z } from "zod";
import { authedProcedure, permission, publicProcedure, router, transactional } from "../trpc.js";
import { idSchema } from "../schemas.js";
import { ORG_KINDS } from "./rules.js";
import { createUnit, moveUnit, publicTree, removeUnit, staffTree, updateUnit } from "./org-service.js";

const nameSchema = z
  .string({ error: "请输入名称" })
  .trim()
  .min(1, { error: "请输入名称" })
  .max(50, { error: "名称最多50个字" });

function countSchema(label: string, max: number) {
  return z
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(max, { error: `${label}不能超过${max}` })
    .nullable()
    .optional();
}

const households = countSchema("户数", 1_000_000);
const population = countSchema("常住人口", 5_000_000);

const kindSchema = z.enum(ORG_KINDS);

const manageOrg = authedProcedure.use(permission("org.manage")).use(transactional);

export const orgRouter = router({
  publicTree: publicProcedure
    .output(z.array(z.object({ id: z.number(), parentId: z.number().nullable(), kind: kindSchema, name: z.string() })))
    .query(({ ctx }) => publicTree(ctx.db)),

  tree: authedProcedure
    .use(permission("org.read"))
    .output(
      z.array(
        z.object({
          id: z.number(),
          parentId: z.number().nullable(),
          kind: kindSchema,
          name: z.string(),
          households: z.number().nullable(),
          population: z.number().nullable(),
          registeredResidents: z.number().nullable(),
          canManage: z.boolean(),
        }),
      ),
    )
    .query(({ ctx }) => staffTree(ctx.db, ctx.session)),

  create: manageOrg
    .input(z.object({ parentId: idSchema("上级单位").nullable(), name: nameSchema, households, population }))
    .output(z.object({ id: z.number(), kind: kindSchema }))
    .mutation(({ ctx, input }) => createUnit(ctx.db, ctx.session, input)),

  update: manageOrg
    .input(z.object({ id: idSchema("单位"), name: nameSchema.optional(), households, population }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await updateUnit(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  move: manageOrg
    .input(z.object({ id: idSchema("单位"), parentId: idSchema("新的上级单位") }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await moveUnit(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  remove: manageOrg
    .input(z.object({ id: idSchema("单位") }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeUnit(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),
});
