import { checkedOnce } from "../checked-once.js";
import { z } from "zod";
import {
  authedProcedure,
  keptForAll,
  keptUntilWritten,
  permission,
  publicProcedure,
  router,
  transactional,
} from "../trpc.js";
import { idSchema } from "../schemas.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { ValidationError } from "../errors.js";
import { communityCategories, setCategory } from "./problem-categories.js";
import { createStaffProblem, reportProblem } from "./problem-create.js";
import { problemDetail } from "./problem-detail.js";
import { exportLedger } from "./problem-ledger.js";
import { listProblems, myTodo, reviewQueue } from "./problem-list.js";
import { myProblemDetail, myProblems } from "./problem-mine.js";
import { batchDispatch, dispatchProblem, reassignProblem } from "./problem-dispatch.js";
import { rejectProblem, reviewProblem, submitRectification } from "./problem-handling.js";
import { rateProblem, setPublished } from "./problem-outcome.js";
import { monthFigures, publishedFeed } from "./problem-public.js";
import { eligibleAssignees } from "./problem-scope.js";
import {
  assigneeOutput,
  batchDispatchInput,
  categoryOutput,
  communityInput,
  createInput,
  detailOutput,
  dispatchInput,
  feedOutput,
  figuresOutput,
  fileOutput,
  filterInput,
  listInput,
  listOutput,
  mineOutput,
  myDetailOutput,
  pageOutput,
  pagingInput,
  publishInput,
  rateInput,
  rejectInput,
  reportInput,
  reviewInput,
  setCategoryInput,
  stateSchema,
  submitInput,
  versionOutput,
} from "./problem-schemas.js";

const byId = z.object({ id: idSchema("问题") });
const handle = authedProcedure.use(permission("problem.handle"));
const manage = authedProcedure.use(permission("problem.manage"));

/** What the public figures and feed are read from (problem-public.ts). */
const PUBLIC_PROBLEM_TABLES = ["problem", "problem_step", "problem_category", "file", "org_unit"];
/** What the console's list reads: the problems and their tallies, steps, labels, places and 责任人. */
const LIST_TABLES = ["problem", "problem_step", "problem_category", "org_unit", "user"];

export const problemRouter = router({
  // Residents (the portal).

  /** The categories a 社区 has switched on (the 随手拍 and 巡查 forms); the caller's own 社区 by default. */
  categories: authedProcedure
    .input(z.object({ communityId: idSchema("社区").optional() }))
    .output(z.array(categoryOutput))
    .query(async ({ ctx, input }) => {
      const communityId = input.communityId ?? ctx.session.user.communityId;
      if (communityId === null) throw new ValidationError("communityId", "请选择社区");
      const unit = await getUnitOrThrow(ctx.db, communityId);
      if (unit.kind !== "community") throw new ValidationError("communityId", "请选择社区");
      return (await communityCategories(ctx.db, communityId)).filter((c) => c.enabled);
    }),

  /** 随手拍: a problem in a 楼院 of the caller's own 社区, with 1–9 photos uploaded first (POST /files). */
  report: authedProcedure
    .use(transactional)
    .input(reportInput)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => reportProblem(ctx.db, ctx.session, input)),

  /** 我的随手拍: what the caller reported, newest first. */
  mine: authedProcedure
    .input(pagingInput)
    .output(mineOutput)
    .query(({ ctx, input }) => myProblems(ctx.db, ctx.session, input)),

  /** One of the caller's own reports with its progress; photos after once 办结. */
  myDetail: authedProcedure
    .input(byId)
    .output(myDetailOutput)
    .query(({ ctx, input }) => myProblemDetail(ctx.db, ctx.session, input.id)),

  /** The reporter's 满意 / 基本满意 / 不满意 of a 办结 problem; 不满意 sends it back to 待复查, once. */
  rate: authedProcedure
    .use(transactional)
    .input(rateInput)
    .output(z.object({ state: stateSchema, reopened: z.boolean(), version: z.number() }))
    .mutation(({ ctx, input }) => rateProblem(ctx.db, ctx.session, input)),

  /** Public: this month's 受理, 办结 and 按期办结率 of a 社区 (China time). */
  publicFigures: publicProcedure
    .input(communityInput)
    .output(checkedOnce(figuresOutput))
    .query(({ ctx, input }) =>
      keptForAll(ctx, "problem.publicFigures", input, PUBLIC_PROBLEM_TABLES, () =>
        monthFigures(ctx.db, input.communityId),
      ),
    ),

  /** Public: solved problems an admin published, with the photos before and after; nothing of the reporter. */
  publicFeed: publicProcedure
    .input(communityInput.extend({ page: pagingInput.shape.page, pageSize: pagingInput.shape.pageSize }))
    .output(checkedOnce(feedOutput))
    .query(({ ctx, input }) =>
      keptForAll(ctx, "problem.publicFeed", input, PUBLIC_PROBLEM_TABLES, () =>
        publishedFeed(ctx.db, input.communityId, input),
      ),
    ),

  // Staff (the console).

  /** 巡查 (grid workers, in their 网格), 督查 and 转办 (admins of the 社区). */
  create: handle
    .use(transactional)
    .input(createInput)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createStaffProblem(ctx.db, ctx.session, input)),

  /** The list with filters, paging and the counts per state (tabs), within the caller's reach. */
  list: handle
    .input(listInput)
    .output(checkedOnce(listOutput))
    .query(({ ctx, input }) =>
      keptUntilWritten(ctx, "problem.list", input, LIST_TABLES, () =>
        listProblems(ctx.db, ctx.session, input),
      ),
    ),

  detail: handle
    .input(byId)
    .output(detailOutput)
    .query(({ ctx, input }) => problemDetail(ctx.db, ctx.session, input.id)),

  /** 我的待办: what the caller is 责任人 of, 整改中 first. */
  todo: handle
    .input(pagingInput.extend({ state: z.enum(["rectifying", "reviewing"]).optional() }))
    .output(pageOutput)
    .query(({ ctx, input }) => myTodo(ctx.db, ctx.session, input)),

  /** 复查: 待复查 problems within the caller's reach that someone else rectified. */
  reviewQueue: handle
    .input(pagingInput)
    .output(pageOutput)
    .query(({ ctx, input }) => reviewQueue(ctx.db, ctx.session, input)),

  /** Who may be made 责任人 in a 社区: its grid workers (the 楼院's own 网格 first) and admins. */
  assignees: manage
    .input(z.object({ communityId: idSchema("社区"), courtyardId: idSchema("楼院").optional() }))
    .output(z.array(assigneeOutput))
    .query(async ({ ctx, input }) => {
      await assertCan(ctx.db, ctx.session, "problem.manage", input.communityId);
      return eligibleAssignees(ctx.db, input.communityId, input.courtyardId);
    }),

  dispatch: manage
    .use(transactional)
    .input(dispatchInput)
    .output(versionOutput.extend({ deadline: z.string() }))
    .mutation(({ ctx, input }) => dispatchProblem(ctx.db, ctx.session, input)),

  /** 批量派遣: each checked on its own; says which succeeded and why the others did not. */
  batchDispatch: manage
    .use(transactional)
    .input(batchDispatchInput)
    .output(
      z.object({
        succeeded: z.number(),
        results: z.array(
          z.object({
            id: z.number(),
            ok: z.boolean(),
            message: z.string().nullable(),
            version: z.number().nullable(),
          }),
        ),
      }),
    )
    .mutation(({ ctx, input }) => batchDispatch(ctx.db, ctx.session, input)),

  reassign: manage
    .use(transactional)
    .input(dispatchInput)
    .output(versionOutput.extend({ deadline: z.string().nullable() }))
    .mutation(({ ctx, input }) => reassignProblem(ctx.db, ctx.session, input)),

  reject: manage
    .use(transactional)
    .input(rejectInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => rejectProblem(ctx.db, ctx.session, input)),

  /** 整改上报 by the 责任人: a note and 1–9 photos after. */
  submit: handle
    .use(transactional)
    .input(submitInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => submitRectification(ctx.db, ctx.session, input)),

  /** 复查 by someone other than the 责任人: approve (办结) or return (退回, with the reason). */
  review: handle
    .use(transactional)
    .input(reviewInput)
    .output(versionOutput)
    .mutation(({ ctx, input }) => reviewProblem(ctx.db, ctx.session, input)),

  setPublished: manage
    .use(transactional)
    .input(publishInput)
    .output(z.object({ published: z.boolean() }))
    .mutation(({ ctx, input }) => setPublished(ctx.db, ctx.session, input)),

  /** A 社区's categories, switched off ones included, with the built-in label and limit. */
  categorySettings: manage
    .input(communityInput)
    .output(z.array(categoryOutput))
    .query(async ({ ctx, input }) => {
      const unit = await getUnitOrThrow(ctx.db, input.communityId);
      if (unit.kind !== "community") throw new ValidationError("communityId", "请选择社区");
      await assertCan(ctx.db, ctx.session, "problem.manage", input.communityId);
      return communityCategories(ctx.db, input.communityId);
    }),

  setCategory: manage
    .use(transactional)
    .input(setCategoryInput)
    .output(z.array(categoryOutput))
    .mutation(({ ctx, input }) => setCategory(ctx.db, ctx.session, input)),

  /**
   * The 整改台账 (.xlsx, base64) of any filter, photos embedded; a mutation because it is written to the
   * 操作日志. Not in a transaction: building a large file must not hold the database's write lock.
   */
  exportLedger: manage
    .input(filterInput)
    .output(fileOutput)
    .mutation(({ ctx, input }) =>
      exportLedger(ctx.db, ctx.fileStorage, ctx.session, input, new Date(), ctx.offload),
    ),
});
