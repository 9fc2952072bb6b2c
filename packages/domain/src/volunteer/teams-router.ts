import { z } from "zod";
import { authedProcedure, permission, router, transactional } from "../trpc.js";
import { idSchema } from "../schemas.js";
import { archiveTeam, createTeam, deleteTeam, listTeams, setTeamMember, teamMembers, updateTeam } from "./team-service.js";
import { teamDescriptionSchema, teamNameSchema } from "./volunteer-schemas.js";

const ok = z.object({ ok: z.literal(true) });
const manage = authedProcedure.use(permission("volunteer.manage")).use(transactional);

/** 志愿服务队: listed to every logged-in user (residents pick one when registering), managed by admins. */
export const teamsRouter = router({
  list: authedProcedure
    .input(z.object({ communityId: idSchema("社区"), includeArchived: z.boolean().default(false) }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          description: z.string().nullable(),
          leaderId: z.number().nullable(),
          leaderName: z.string().nullable(),
          members: z.number(),
          /** when it was archived (归档); null while active */
          archivedAt: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listTeams(ctx.db, input.communityId, input)),

  members: authedProcedure
    .use(permission("volunteer.read"))
    .input(z.object({ teamId: idSchema("志愿服务队") }))
    .output(z.array(z.object({ id: z.number(), name: z.string(), hours: z.number(), joinedAt: z.string() })))
    .query(({ ctx, input }) => teamMembers(ctx.db, ctx.session, input.teamId)),

  create: manage
    .input(z.object({ communityId: idSchema("社区"), name: teamNameSchema, description: teamDescriptionSchema }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createTeam(ctx.db, ctx.session, input)),

  update: manage
    .input(
      z.object({
        id: idSchema("志愿服务队"),
        name: teamNameSchema.optional(),
        description: teamDescriptionSchema,
        leaderId: z.number().int().positive().nullable().optional(),
      }),
    )
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await updateTeam(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  setMember: manage
    .input(z.object({ teamId: idSchema("志愿服务队"), volunteerId: idSchema("志愿者"), member: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setTeamMember(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  /** 归档 (archived: true) or 恢复 (false): off the pickers and lists, history kept. */
  archive: manage
    .input(z.object({ id: idSchema("志愿服务队"), archived: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await archiveTeam(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  /** Only a team without members that no activity named; otherwise CONFLICT saying why (归档 instead). */
  delete: manage
    .input(z.object({ id: idSchema("志愿服务队") }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteTeam(ctx.db, ctx.session, input.id);
      return { ok: true as const };
    }),
});
