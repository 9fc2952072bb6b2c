import { z } from "zod";
import { authedProcedure, permission, router, transactional } from "../trpc.js";
import { idSchema } from "../schemas.js";
import { createTeam, listTeams, setTeamMember, teamMembers, updateTeam } from "./team-service.js";
import { teamDescriptionSchema, teamNameSchema } from "./volunteer-schemas.js";

const ok = z.object({ ok: z.literal(true) });
const manage = authedProcedure.use(permission("volunteer.manage")).use(transactional);

/** 志愿服务队: listed to every logged-in user (residents pick one when registering), managed by admins. */
export const teamsRouter = router({
  list: authedProcedure
    .input(z.object({ communityId: idSchema("社区") }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          description: z.string().nullable(),
          leaderId: z.number().nullable(),
          leaderName: z.string().nullable(),
          members: z.number(),
        }),
      ),
    )
    .query(({ ctx, input }) => listTeams(ctx.db, input.communityId)),

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
});
