import { App, Button, Popconfirm } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorCode } from "../../lib/trpc";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC, type TeamRow } from "../../lib/trpc";

/**
 * 归档 / 恢复 and 删除 of one 志愿服务队. The server deletes only a team without members that no activity
 * named; otherwise it says why, and the dialog offers 归档 instead (off the lists, history kept).
 */
export function TeamActions({ team }: { team: TeamRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.teams.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
  const archive = useMutation(
    trpc.volunteer.teams.archive.mutationOptions({
      onSuccess: async (_res, input) => {
        await refresh();
        void message.success(input.archived ? `已归档“${team.name}”` : `已恢复“${team.name}”`);
      },
      onError: (error) => showError(error),
    }),
  );
  const remove = useMutation(
    trpc.volunteer.teams.delete.mutationOptions({
      onSuccess: async () => {
        await refresh();
        void message.success(`已删除“${team.name}”`);
      },
      onError: (error) => {
        if (errorCode(error) !== "CONFLICT") return showError(error);
        modal.confirm({
          title: "不能删除该服务队",
          content: errorMessage(error),
          okText: "归档",
          cancelText: "取消",
          onOk: () => archive.mutateAsync({ id: team.id, archived: true }).catch(() => undefined),
        });
      },
    }),
  );

  if (team.archivedAt) {
    return (
      <Button
        type="link"
        size="small"
        aria-label={`恢复 ${team.name}`}
        loading={archive.isPending}
        onClick={() => archive.mutate({ id: team.id, archived: false })}
      >
        恢复
      </Button>
    );
  }
  return (
    <>
      <Popconfirm
        title={`归档“${team.name}”`}
        description="归档后不再出现在服务队列表和选择框中，不能再添加队员；队员、活动和时长记录保留，可随时恢复。"
        okText="归档"
        cancelText="取消"
        onConfirm={() => archive.mutateAsync({ id: team.id, archived: true }).catch(() => undefined)}
      >
        <Button type="link" size="small" aria-label={`归档 ${team.name}`} loading={archive.isPending}>
          归档
        </Button>
      </Popconfirm>
      <Popconfirm
        title={`删除“${team.name}”`}
        description="只能删除没有队员、也没有组织过活动的服务队。确定删除吗？"
        okText="删除"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onConfirm={() => remove.mutateAsync({ id: team.id }).catch(() => undefined)}
      >
        <Button type="link" size="small" danger aria-label={`删除 ${team.name}`} loading={remove.isPending}>
          删除
        </Button>
      </Popconfirm>
    </>
  );
}
