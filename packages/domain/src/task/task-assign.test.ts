import { beforeEach, describe, expect, it } from "vitest";
import { trpcErrorOf } from "../testing/index.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";

// 批量指派 from the task list: several tasks to one 责任人, all or none.

let w: TaskWorld;
beforeEach(async () => {
  w = await taskWorld();
});

async function gridTasks() {
  const admin = await w.fx.as(w.fx.people.adminA);
  const a = await admin.task.create({ ...w.base(), title: "一号院楼道清理", unitId: w.fx.tree.a.grid });
  const b = await admin.task.create({ ...w.base(), title: "二号院楼道清理", unitId: w.fx.tree.a.grid });
  return { admin, ids: [a.id, b.id] };
}

describe("task.assign", () => {
  it("gives every chosen task to the person, with a timeline step, an audit row and one notice each", async () => {
    const { admin, ids } = await gridTasks();
    const res = await admin.task.assign({
      tasks: ids.map((id) => ({ id, version: 1 })),
      assigneeUserId: w.fx.people.workerA,
    });
    expect(res).toEqual({ assigned: 2 });
    const mine = await (await w.fx.as(w.fx.people.workerA)).task.mine();
    expect(mine.map((t) => t.title).sort()).toEqual(["一号院楼道清理", "二号院楼道清理"]);
    const detail = await admin.task.detail({ id: ids[0]! });
    expect(detail.steps.at(-1)).toMatchObject({ action: "update", note: "责任人改为 张伟" });
    const notices = await w.db
      .selectFrom("notification")
      .select("title")
      .where("user_id", "=", w.fx.people.workerA)
      .where("kind", "=", "task_assigned")
      .execute();
    expect(notices).toHaveLength(2);
    const audit = await w.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "task.update")
      .execute();
    expect(audit.map((a) => JSON.parse(a.after ?? "{}").assignee)).toEqual(["张伟", "张伟"]);
  });

  it("changes none when one task cannot go to that person, and names the task", async () => {
    const { admin, ids } = await gridTasks();
    const other = await admin.task.create({
      ...w.base(),
      title: "社区宣传栏更新",
      unitId: w.fx.tree.a.community,
    });
    const street = await w.fx.as(w.fx.people.street);
    // 乙网格员 reaches 社区 乙 only.
    const err = await trpcErrorOf(
      street.task.assign({
        tasks: [...ids, other.id].map((id) => ({ id, version: 1 })),
        assigneeUserId: w.fx.people.workerB,
      }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain("“一号院楼道清理”");
    const rows = await w.db.selectFrom("task").select("assignee_user_id").execute();
    expect(rows.every((r) => r.assignee_user_id === null)).toBe(true);
  });

  it("refuses a task changed meanwhile (stale version) and a finished one, changing none", async () => {
    const { admin, ids } = await gridTasks();
    await admin.task.update({
      id: ids[1]!,
      version: 1,
      ...w.base(),
      title: "二号院楼道清理（改）",
      unitId: w.fx.tree.a.grid,
    });
    const stale = await trpcErrorOf(
      admin.task.assign({
        tasks: ids.map((id) => ({ id, version: 1 })),
        assigneeUserId: w.fx.people.workerA,
      }),
    );
    expect(stale.code).toBe("CONFLICT");
    await admin.task.cancel({ id: ids[0]!, version: 1, note: "并入其他任务" });
    const done = await trpcErrorOf(
      admin.task.assign({ tasks: [{ id: ids[0]!, version: 2 }], assigneeUserId: w.fx.people.workerA }),
    );
    expect(done.code).toBe("CONFLICT");
    const rows = await w.db.selectFrom("task").select("assignee_user_id").execute();
    expect(rows.every((r) => r.assignee_user_id === null)).toBe(true);
  });

  it("is refused to a grid worker, and for another 社区's task", async () => {
    const { ids } = await gridTasks();
    const worker = await w.fx.as(w.fx.people.workerA);
    expect(
      (
        await trpcErrorOf(
          worker.task.assign({ tasks: [{ id: ids[0]!, version: 1 }], assigneeUserId: w.fx.people.workerA }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const adminB = await w.fx.as(w.fx.people.adminB);
    expect(
      (
        await trpcErrorOf(
          adminB.task.assign({ tasks: [{ id: ids[0]!, version: 1 }], assigneeUserId: w.fx.people.workerB }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
