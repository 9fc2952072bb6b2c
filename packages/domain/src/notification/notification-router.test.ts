import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  FACTORY_PASSWORD,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
} from "../testing/index.js";
import { notify, type Notice } from "./notification-service.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let resident: number;
let neighbour: number;
let adminA: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  const lives = (c: typeof tree.a) => ({
    role: "resident" as const,
    unitId: c.community,
    communityId: c.community,
    courtyardId: c.courtyard,
  });
  resident = (await makeUser(db, { ...lives(tree.a), name: "王小红" })).id;
  neighbour = (await makeUser(db, { ...lives(tree.b), name: "赵大山" })).id;
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
});

const as = (userId: number) => callerFor(db, userId);
const notice = (over: Partial<Notice> = {}): Notice => ({
  userIds: [resident],
  kind: "problem_assigned",
  title: "新的问题待整改",
  body: "楼道堆物（一号院），请在时限内整改。",
  link: "/admin/problems/12",
  eventKey: "problem.assign:12:1",
  ...over,
});
const rowsOf = (userId: number) =>
  db.selectFrom("notification").selectAll().where("user_id", "=", userId).orderBy("id").execute();

describe("notify", () => {
  it("writes one notice per recipient, and never twice for the same event", async () => {
    expect(await notify(db, notice({ userIds: [resident, neighbour, resident] }))).toBe(2);
    // The same event again, to the same people and one more: only the new one is written.
    expect(await notify(db, notice({ userIds: [resident, neighbour, adminA] }))).toBe(1);
    expect(await notify(db, notice({ userIds: [resident] }))).toBe(0);
    // Another event is another notice.
    expect(await notify(db, notice({ eventKey: "problem.assign:12:2" }))).toBe(1);
    expect((await rowsOf(resident)).map((r) => r.event_key)).toEqual([
      "problem.assign:12:1",
      "problem.assign:12:2",
    ]);
    expect(await rowsOf(neighbour)).toHaveLength(1);
    expect(await rowsOf(adminA)).toHaveLength(1);
  });

  it("writes nothing when the transaction it was written in rolls back", async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await notify(trx, notice())).toBe(1);
        throw new Error("the change that caused it failed");
      }),
    ).rejects.toThrow("the change that caused it failed");
    expect(await rowsOf(resident)).toEqual([]);
    // Nothing of the failed attempt blocks the event from being notified when it does happen.
    expect(await db.transaction().execute((trx) => notify(trx, notice()))).toBe(1);
  });

  it("skips deleted accounts and empty lists; cuts long text; refuses a link to another site", async () => {
    await (await as(neighbour)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    expect(await notify(db, notice({ userIds: [neighbour] }))).toBe(0);
    expect(await notify(db, notice({ userIds: [] }))).toBe(0);
    expect(await notify(db, notice({ body: "因".repeat(5000) + "😀", eventKey: "long" }))).toBe(1);
    const [row] = await rowsOf(resident);
    expect(Array.from(row!.body)).toHaveLength(200);
    expect(row!.body.endsWith("…")).toBe(true);
    for (const link of ["//evil.example/x", "https://evil.example", "javascript:alert(1)", "problems/1"]) {
      await expect(notify(db, notice({ link, eventKey: link }))).rejects.toThrow("link must be a path");
    }
    expect(await notify(db, notice({ link: null, eventKey: "no-link" }))).toBe(1);
  });

  it("erases the inbox of an account deleted (注销)", async () => {
    await notify(db, notice({ userIds: [resident, neighbour] }));
    await (await as(resident)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    expect(await rowsOf(resident)).toEqual([]);
    expect(await rowsOf(neighbour)).toHaveLength(1);
  });
});

describe("notification.list", () => {
  it("lists only the caller's notices, newest first, page by page", async () => {
    // Seven notices: three at one moment (the id breaks the tie), four later, one to the neighbour.
    const at = (iso: string) => new Date(iso);
    for (let i = 1; i <= 3; i++)
      await notify(db, notice({ eventKey: `e${i}`, title: `通知${i}` }), at("2026-12-01T01:00:00.000Z"));
    for (let i = 4; i <= 7; i++)
      await notify(
        db,
        notice({ eventKey: `e${i}`, title: `通知${i}` }),
        at(`2026-12-0${i - 2}T01:00:00.000Z`),
      );
    await notify(db, notice({ userIds: [neighbour], eventKey: "other", title: "别人的通知" }));
    const me = await as(resident);
    const titles: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof me.notification.list>> = await me.notification.list({
        cursor,
        limit: 3,
      });
      titles.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(titles).toEqual(["通知7", "通知6", "通知5", "通知4", "通知3", "通知2", "通知1"]);
    expect(pages).toBe(3);
    const [first] = (await me.notification.list({})).items;
    expect(first).toEqual({
      id: expect.any(Number),
      kind: "problem_assigned",
      title: "通知7",
      body: "楼道堆物（一号院），请在时限内整改。",
      link: "/admin/problems/12",
      createdAt: "2026-12-05T01:00:00.000Z",
      readAt: null,
    });
    // Exactly one page: no cursor to a page that would be empty.
    expect((await me.notification.list({ limit: 7 })).nextCursor).toBeNull();
    expect((await (await as(neighbour)).notification.list({})).items.map((n) => n.title)).toEqual([
      "别人的通知",
    ]);
  });

  it("refuses a made-up cursor and an oversized page in Chinese", async () => {
    const me = await as(resident);
    const bad = await trpcErrorOf(me.notification.list({ cursor: "1 or 1=1" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(bad, "notification.list").message).toBe("分页位置无效");
    const big = await trpcErrorOf(me.notification.list({ limit: 500 }));
    expect(errorShapeOf(big, "notification.list").message).toBe("每页最多50条");
  });
});

describe("notification.unreadCount, markRead, markAllRead", () => {
  it("counts the caller's unread notices and marks only their own read", async () => {
    for (const key of ["a", "b", "c"]) await notify(db, notice({ eventKey: key }));
    await notify(db, notice({ userIds: [neighbour], eventKey: "n" }));
    const me = await as(resident);
    const other = await as(neighbour);
    expect(await me.notification.unreadCount()).toEqual({ count: 3 });
    const ids = (await me.notification.list({})).items.map((n) => n.id);
    const theirs = (await other.notification.list({})).items[0]!.id;

    expect(await me.notification.markRead({ ids: [ids[0]!, ids[0]!] })).toEqual({ count: 1 });
    expect(await me.notification.unreadCount()).toEqual({ count: 2 });
    // Marking it again changes nothing and is no error.
    expect(await me.notification.markRead({ ids: [ids[0]!] })).toEqual({ count: 0 });
    expect((await me.notification.list({})).items[0]!.readAt).toEqual(expect.any(String));

    // Someone else's notice (among the caller's own) is NOT_FOUND, and none of the call is done.
    const error = await trpcErrorOf(me.notification.markRead({ ids: [ids[1]!, theirs] }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("消息不存在或已删除");
    expect((await trpcErrorOf(me.notification.markRead({ ids: [99999] }))).code).toBe("NOT_FOUND");
    expect(await me.notification.unreadCount()).toEqual({ count: 2 });
    expect(await other.notification.unreadCount()).toEqual({ count: 1 });

    const empty = await trpcErrorOf(me.notification.markRead({ ids: [] }));
    expect(errorShapeOf(empty, "notification.markRead").message).toBe("请选择消息");

    expect(await me.notification.markAllRead()).toEqual({ count: 2 });
    expect(await me.notification.unreadCount()).toEqual({ count: 0 });
    expect(await other.notification.unreadCount()).toEqual({ count: 1 });
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const anonymous = await callerFor(db, null);
    expect((await trpcErrorOf(anonymous.notification.unreadCount())).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(anonymous.notification.markAllRead())).code).toBe("UNAUTHORIZED");
  });
});

describe("volunteer.review notifies the resident", () => {
  const pendingOf = (userId: number | null, courtyardId = tree.a.courtyard) =>
    makeVolunteer(db, { courtyardId, userId, status: "pending", submittedAt: "2026-12-01T02:00:00.000Z" });

  it("通过: 志愿者注册已通过, leading to 我的志愿者", async () => {
    const { id } = await pendingOf(resident);
    await (await as(adminA)).volunteer.review({ ids: [id], action: "approve" });
    const [n] = (await (await as(resident)).notification.list({})).items;
    expect(n).toMatchObject({
      kind: "volunteer_approved",
      title: "志愿者注册已通过",
      link: "/volunteer",
      readAt: null,
    });
  });

  it("驳回 with the reason; a resubmission rejected again is a second notice", async () => {
    const { id } = await pendingOf(resident);
    const admin = await as(adminA);
    await admin.volunteer.review({ ids: [id], action: "reject", reason: "手机号与本人不符" });
    await db
      .updateTable("volunteer")
      .set({ status: "pending", submitted_at: "2026-12-02T02:00:00.000Z" })
      .where("id", "=", id)
      .execute();
    await admin.volunteer.review({ ids: [id], action: "reject", reason: "楼院填写有误" });
    const items = (await (await as(resident)).notification.list({})).items;
    expect(items.map((n) => [n.kind, n.title, n.body])).toEqual([
      ["volunteer_rejected", "志愿者注册未通过", "驳回原因：楼院填写有误。请修改后重新提交。"],
      ["volunteer_rejected", "志愿者注册未通过", "驳回原因：手机号与本人不符。请修改后重新提交。"],
    ]);
  });

  it("tells nobody about a paper-form record without an account", async () => {
    const { id } = await pendingOf(null);
    await (await as(adminA)).volunteer.review({ ids: [id], action: "approve" });
    expect(await db.selectFrom("notification").selectAll().execute()).toEqual([]);
  });

  it("writes no notice when the review fails part-way (one transaction)", async () => {
    const mine = await pendingOf(resident);
    const inB = await pendingOf(neighbour, tree.b.courtyard);
    const admin = await as(adminA);
    // 社区 A's admin may not review 乙社区's registration: the whole call is refused, the notice with it.
    expect(
      (await trpcErrorOf(admin.volunteer.review({ ids: [mine.id, inB.id], action: "approve" }))).code,
    ).toBe("FORBIDDEN");
    expect(await db.selectFrom("notification").selectAll().execute()).toEqual([]);
    expect(await (await as(resident)).notification.unreadCount()).toEqual({ count: 0 });
    // The same review of A's registration alone does notify.
    await admin.volunteer.review({ ids: [mine.id], action: "approve" });
    expect(await (await as(resident)).notification.unreadCount()).toEqual({ count: 1 });
  });
});
