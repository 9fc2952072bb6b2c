import { z } from "zod";
import { authedProcedure, router, transactional } from "../trpc.js";
import { NOTIFICATION_KINDS } from "./rules.js";
import {
  listNotifications,
  markAllRead,
  markRead,
  parseCursor,
  unreadCount,
} from "./notification-service.js";

// The in-app inbox (消息通知): every logged-in user reads and marks only their own notices. What writes
// them is notify() (notification-service.ts), called by other features inside their own transactions.

export const notificationListInput = z.object({
  cursor: z
    .string({ error: "分页位置无效" })
    .refine((c) => parseCursor(c) !== null, { error: "分页位置无效" })
    .nullish(),
  limit: z
    .number({ error: "每页条数无效" })
    .int({ error: "每页条数无效" })
    .min(1, { error: "每页条数无效" })
    .max(50, { error: "每页最多50条" })
    .default(20),
});

export const markReadInput = z.object({
  ids: z
    .array(z.number({ error: "消息无效" }).int({ error: "消息无效" }).positive({ error: "消息无效" }), {
      error: "请选择消息",
    })
    .min(1, { error: "请选择消息" })
    .max(100, { error: "一次最多100条消息" }),
});

const noticeOutput = z.object({
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** a path on the server's origin: "/volunteer" (portal) or "/admin/…" (console); see linkTarget in rules */
  link: z.string().nullable(),
  createdAt: z.string(),
  /** null while unread */
  readAt: z.string().nullable(),
});

const countOutput = z.object({ count: z.number() });

export const notificationRouter = router({
  /** The caller's notices, newest first; pass `nextCursor` back as `cursor` for the next page (null: no more). */
  list: authedProcedure
    .input(notificationListInput)
    .output(z.object({ items: z.array(noticeOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.session.user.id, input)),

  /** How many of the caller's notices are unread (the bell's number). */
  unreadCount: authedProcedure
    .output(countOutput)
    .query(async ({ ctx }) => ({ count: await unreadCount(ctx.db, ctx.session.user.id) })),

  /** Marks the caller's own notices read; any id that is not theirs: NOT_FOUND, and nothing is marked. */
  markRead: authedProcedure
    .use(transactional)
    .input(markReadInput)
    .output(countOutput)
    .mutation(async ({ ctx, input }) => ({ count: await markRead(ctx.db, ctx.session.user.id, input.ids) })),

  /** 全部已读: every unread notice of the caller. */
  markAllRead: authedProcedure
    .use(transactional)
    .output(countOutput)
    .mutation(async ({ ctx }) => ({ count: await markAllRead(ctx.db, ctx.session.user.id) })),
});
