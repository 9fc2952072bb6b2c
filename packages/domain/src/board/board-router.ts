import { checkedOnce } from "../checked-once.js";
import { z } from "zod";
import { authedProcedure, permission, publicProcedure, router, transactional } from "../trpc.js";
import { assertCan } from "../auth/authorize.js";
import { appealEntry, decideAppeal } from "./board-appeals.js";
import { listEditions, prepareEdition, publishEdition } from "./board-editions.js";
import { nominateEntry, proposeEntry } from "./board-entries.js";
import { entryDetail, listEntries, myBoard } from "./board-lists.js";
import {
  approveEntry,
  confirmPhotos,
  recordConsent,
  rectifyEntry,
  rejectEntry,
  submitEntry,
  withdrawEntry,
} from "./board-moderation.js";
import { publicBoard, publicEditions } from "./board-public.js";
import { mosaicEntryPhoto } from "./board-mosaic.js";
import { updateEntry } from "./board-edit.js";
import { residentOptions } from "./board-residents.js";
import { photoRefSchema } from "../files/files-service.js";
import { boardSettingsOf, communityUnit, setBoardSettings } from "./board-settings.js";
import { categoriesOf, enabledCategoriesOf, setCategory } from "./board-categories.js";
import {
  appealInput,
  approveInput,
  byIdInput,
  categoryOptionOutput,
  categorySettingOutput,
  communityInput,
  decideInput,
  detailOutput,
  editionOutput,
  listInput,
  listOutput,
  mosaicInput,
  mineOutput,
  moveOutput,
  nominateInput,
  prepareInput,
  proposeInput,
  publicBoardOutput,
  publicListInput,
  reasonInput,
  setCategoryInput,
  setSettingsInput,
  settingsSchema,
  staffEditionOutput,
  residentOptionOutput,
  residentOptionsInput,
  stateSchema,
  updateInput,
  versionedInput,
} from "./board-schemas.js";

// The 黑白榜: the public board and its archive (no login needed for the 白榜), residents' 推荐 and
// 申诉, staff proposals, and the admins' moderation, appeals, editions and settings.

const propose = authedProcedure.use(permission("board.propose"));
const moderate = authedProcedure.use(permission("board.moderate"));

export const boardRouter = router({
  /** The board of a 社区: an edition's entries on the board today (黑榜 only for whom the 社区 allows). */
  publicList: publicProcedure
    .input(publicListInput)
    .output(checkedOnce(publicBoardOutput))
    .query(({ ctx, input }) => publicBoard(ctx.db, ctx.session, input, new Date(), ctx.boardCache)),
  /** The published editions of a 社区, newest first. */
  publicEditions: publicProcedure
    .input(communityInput)
    .output(z.array(editionOutput))
    .query(({ ctx, input }) => publicEditions(ctx.db, input)),
  /**
   * The categories a 社区 offers for new entries, by its own names (the 推荐 and 提名 forms). Public:
   * the names are on its public board anyway, and neither form loads a board query it could ride on.
   */
  categoryOptions: publicProcedure
    .input(communityInput)
    .output(z.array(categoryOptionOutput))
    .query(async ({ ctx, input }) =>
      (await enabledCategoriesOf(ctx.db, input.communityId)).map(({ code, kind, label }) => ({
        code,
        kind,
        label,
      })),
    ),

  // Residents.
  /** 推荐身边好人: a 白榜 nomination in the resident's own 社区. */
  nominate: authedProcedure
    .input(nominateInput)
    .output(z.object({ id: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => nominateEntry(ctx.db, ctx.session, input)),
  /** 我的推荐 and the 黑榜 notices about me. */
  mine: authedProcedure.output(mineOutput).query(({ ctx }) => myBoard(ctx.db, ctx.session)),
  /** 申诉 by the linked person, within the notice period. */
  appeal: authedProcedure
    .input(appealInput)
    .output(z.object({ appealId: z.number(), state: stateSchema }))
    .use(transactional)
    .mutation(({ ctx, input }) => appealEntry(ctx.db, ctx.session, input)),

  // Staff.
  propose: propose
    .input(proposeInput)
    .output(z.object({ id: z.number(), state: stateSchema }))
    .use(transactional)
    .mutation(({ ctx, input }) => proposeEntry(ctx.db, ctx.session, input)),
  /** Residents of a 楼院 a 黑榜 entry there may be linked to (name, masked mobile): who may propose there. */
  residentOptions: propose
    .input(residentOptionsInput)
    .output(z.array(residentOptionOutput))
    .query(({ ctx, input }) => residentOptions(ctx.db, ctx.session, input)),
  /** Corrects a proposal (草稿, 待审核, 已驳回): its proposer or the 社区's admins; a published one is refused. */
  update: propose
    .input(updateInput)
    .output(z.object({ state: stateSchema, version: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => updateEntry(ctx.db, ctx.session, input)),
  submit: propose
    .input(versionedInput)
    .output(moveOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => submitEntry(ctx.db, ctx.session, input)),
  list: propose
    .input(listInput)
    .output(listOutput)
    .query(({ ctx, input }) => listEntries(ctx.db, ctx.session, input)),
  detail: propose
    .input(byIdInput)
    .output(detailOutput)
    .query(({ ctx, input }) => entryDetail(ctx.db, ctx.session, input.id)),

  // Admins.
  approve: moderate
    .input(approveInput)
    .output(
      moveOutput.extend({ startDate: z.string(), endDate: z.string(), noticeUntil: z.string().nullable() }),
    )
    .use(transactional)
    .mutation(({ ctx, input }) => approveEntry(ctx.db, ctx.session, input)),
  reject: moderate
    .input(reasonInput)
    .output(moveOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => rejectEntry(ctx.db, ctx.session, input)),
  withdraw: moderate
    .input(reasonInput)
    .output(moveOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => withdrawEntry(ctx.db, ctx.session, input)),
  rectify: moderate
    .input(versionedInput)
    .output(moveOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => rectifyEntry(ctx.db, ctx.session, input)),
  confirmPhotos: moderate
    .input(byIdInput)
    .output(z.object({ confirmedAt: z.string() }))
    .use(transactional)
    .mutation(({ ctx, input }) => confirmPhotos(ctx.db, ctx.session, input)),
  /** Pixelates rectangles of an entry's photo into a new version; the original stays, for staff only. */
  mosaicPhoto: moderate
    .input(mosaicInput)
    .output(photoRefSchema)
    .use(transactional)
    .mutation(({ ctx, input }) => mosaicEntryPhoto(ctx.db, ctx.fileStorage, ctx.session, input)),
  recordConsent: moderate
    .input(byIdInput)
    .output(z.object({ consentAt: z.string() }))
    .use(transactional)
    .mutation(({ ctx, input }) => recordConsent(ctx.db, ctx.session, input)),
  decideAppeal: moderate
    .input(decideInput)
    .output(moveOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => decideAppeal(ctx.db, ctx.session, input)),
  editions: moderate
    .input(communityInput)
    .output(z.array(staffEditionOutput))
    .query(({ ctx, input }) => listEditions(ctx.db, ctx.session, input)),
  prepareEdition: moderate
    .input(prepareInput)
    .output(z.object({ id: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => prepareEdition(ctx.db, ctx.session, input)),
  publishEdition: moderate
    .input(byIdInput)
    .output(z.object({ publishedAt: z.string() }))
    .use(transactional)
    .mutation(({ ctx, input }) => publishEdition(ctx.db, ctx.session, input)),
  settings: moderate
    .input(communityInput)
    .output(settingsSchema)
    .query(async ({ ctx, input }) => {
      await communityUnit(ctx.db, input.communityId);
      await assertCan(ctx.db, ctx.session, "board.moderate", input.communityId);
      return boardSettingsOf(ctx.db, input.communityId);
    }),
  setSettings: moderate
    .input(setSettingsInput)
    .output(settingsSchema)
    .use(transactional)
    .mutation(({ ctx, input }) => setBoardSettings(ctx.db, ctx.session, input)),
  /** A 社区's categories, switched-off ones included, with the built-in names. */
  categories: moderate
    .input(communityInput)
    .output(z.array(categorySettingOutput))
    .query(async ({ ctx, input }) => {
      await communityUnit(ctx.db, input.communityId);
      await assertCan(ctx.db, ctx.session, "board.moderate", input.communityId);
      return categoriesOf(ctx.db, input.communityId);
    }),
  setCategory: moderate
    .input(setCategoryInput)
    .output(z.array(categorySettingOutput))
    .use(transactional)
    .mutation(({ ctx, input }) => setCategory(ctx.db, ctx.session, input)),
});
