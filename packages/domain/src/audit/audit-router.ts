import { z } from "zod";
import { authedProcedure, permission, router } from "../trpc.js";
import { pageSchema } from "../schemas.js";
import { listAudit } from "./audit-service.js";
import { AUDIT_ACTIONS } from "./actions.js";

const actionSchema = z.enum(AUDIT_ACTIONS, { error: "操作类型无效" });

export const auditRouter = router({
  list: authedProcedure
    .use(permission("audit.read"))
    .input(
      z.object({
        unitId: z.number().int().positive({ error: "单位无效" }).optional(),
        action: actionSchema.optional(),
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
            targetType: z.string(),
            targetId: z.string().nullable(),
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
