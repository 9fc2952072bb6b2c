import { z } from "zod";
import { authedProcedure, permission, router } from "../trpc.js";
import { pageSchema } from "../schemas.js";
import { listAudit } from "./audit-service.js";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "./actions.js";

const actionSchema = z.enum(AUDIT_ACTIONS, { error: "操作类型无效" });
const targetTypeSchema = z.enum(AUDIT_TARGET_TYPES, { error: "对象类型无效" });

export const auditRouter = router({
  list: authedProcedure
    .use(permission("audit.read"))
    .input(
      z.object({
        unitId: z.number().int().positive({ error: "单位无效" }).optional(),
        action: actionSchema.optional(),
        /** only rows about this kind of record (志愿者, 活动 …) */
        targetType: targetTypeSchema.optional(),
        ...pageSchema,
      }),
    )
    .output(
      z.object({
        total: z.number(),
        items: z.array(
          z.object({
            id: z.number(),
            at: z.string(),
            action: actionSchema,
            targetType: targetTypeSchema.nullable(),
            targetId: z.string().nullable(),
            /** whom or what the row is about, in Chinese, named as they are now: 志愿者 王小红 · 活动 重阳敬老 */
            subject: z.string().nullable(),
            /** the fields the change touched: Chinese labels, values as the console shows them */
            changes: z.array(
              z.object({
                field: z.string(),
                label: z.string(),
                before: z.string().nullable(),
                after: z.string().nullable(),
              }),
            ),
            unitId: z.number().nullable(),
            unitName: z.string().nullable(),
            actorName: z.string().nullable(),
            before: z.string().nullable(),
            after: z.string().nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.session, input)),
});
