import { checkedOnce } from "../checked-once.js";
import { z } from "zod";
import { authedProcedure, keptForAll, permission, publicProcedure, router, transactional } from "../trpc.js";
import { idSchema } from "../schemas.js";
import {
  CONTACT_PHONE_MESSAGE,
  CONTACT_PHONE_PATTERN,
  OFFICE_ADDRESS_MAX,
  OFFICE_HOURS_MAX,
  ORG_KINDS,
} from "./rules.js";
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

/** An optional text field; an emptied one ("") is stored as null. */
function optionalText(label: string, max: number, rule?: { pattern: RegExp; message: string }) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多${max}个字` })
    .refine((v) => v === "" || !rule || rule.pattern.test(v), {
      error: rule?.message ?? `${label}格式不正确`,
    })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();
}

// The public office contact of a 社区 or 街道.
const contact = {
  contactPhone: optionalText("联系电话", 20, {
    pattern: CONTACT_PHONE_PATTERN,
    message: CONTACT_PHONE_MESSAGE,
  }),
  officeAddress: optionalText("办公地址", OFFICE_ADDRESS_MAX),
  officeHours: optionalText("办公时间", OFFICE_HOURS_MAX),
};

const kindSchema = z.enum(ORG_KINDS);

/** What every view of a unit starts with. */
const unitOutput = { id: z.number(), parentId: z.number().nullable(), kind: kindSchema, name: z.string() };

const contactOutput = z
  .object({ phone: z.string().nullable(), address: z.string().nullable(), hours: z.string().nullable() })
  .nullable();

const manageOrg = authedProcedure.use(permission("org.manage")).use(transactional);

export const orgRouter = router({
  publicTree: publicProcedure
    .output(
      checkedOnce(
        z.array(
          z.object({
            ...unitOutput,
            /** 社区 and 街道 only: the office's phone, address and hours */
            contact: contactOutput,
          }),
        ),
      ),
    )
    // Every page of the portal asks for it: answered from memory until a unit changes.
    .query(({ ctx }) => keptForAll(ctx, "org.publicTree", null, ["org_unit"], () => publicTree(ctx.db))),

  tree: authedProcedure
    .use(permission("org.read"))
    .output(
      z.array(
        z.object({
          ...unitOutput,
          households: z.number().nullable(),
          population: z.number().nullable(),
          contactPhone: z.string().nullable(),
          officeAddress: z.string().nullable(),
          officeHours: z.string().nullable(),
          registeredResidents: z.number().nullable(),
          canManage: z.boolean(),
        }),
      ),
    )
    .query(({ ctx }) => staffTree(ctx.db, ctx.session)),

  create: manageOrg
    .input(
      z.object({
        parentId: idSchema("上级单位").nullable(),
        name: nameSchema,
        households,
        population,
        ...contact,
      }),
    )
    .output(z.object({ id: z.number(), kind: kindSchema }))
    .mutation(({ ctx, input }) => createUnit(ctx.db, ctx.session, input)),

  update: manageOrg
    .input(
      z.object({ id: idSchema("单位"), name: nameSchema.optional(), households, population, ...contact }),
    )
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
