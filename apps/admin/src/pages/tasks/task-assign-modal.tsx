import { useMemo, useState } from "react";
import { App, Form, Modal, Select, Typography } from "antd";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { ROLE_LABELS } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

export interface AssignedTask {
  id: number;
  title: string;
  version: number;
  unit: { id: number };
}

/**
 * 批量指派: the chosen tasks to one 责任人. Offered are the people who may take every one of them
 * (task.assignees of each 责任单位, in common); the server checks again, all or none.
 */
export function TaskAssignModal({ tasks, onClose }: { tasks: readonly AssignedTask[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ assigneeUserId?: number }>();
  const [unitIds] = useState(() => [...new Set(tasks.map((t) => t.unit.id))]);
  const lists = useQueries({
    queries: unitIds.map((unitId) => trpc.task.assignees.queryOptions({ unitId })),
  });
  const loading = lists.some((l) => l.isPending);
  const options = useMemo(() => {
    const [first, ...rest] = lists.map((l) => l.data ?? []);
    const common = (first ?? []).filter((p) => rest.every((list) => list.some((q) => q.id === p.id)));
    return common.map((p) => ({ value: p.id, label: `${p.name}（${ROLE_LABELS[p.role]} · ${p.unitName}）` }));
  }, [lists]);
  const assign = useMutation(
    trpc.task.assign.mutationOptions({
      onSuccess: (r) => {
        void message.success(`已指派 ${r.assigned} 项任务`);
        void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );
  return (
    <Modal
      title={`批量指派（${tasks.length} 项任务）`}
      open
      okText="指派"
      cancelText="取消"
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
        {tasks.map((t) => t.title).join("、")}
      </Typography.Paragraph>
      <Form
        form={form}
        name="assignTasks"
        layout="vertical"
        onFinish={(v) =>
          v.assigneeUserId &&
          assign.mutate({
            tasks: tasks.map((t) => ({ id: t.id, version: t.version })),
            assigneeUserId: v.assigneeUserId,
          })
        }
      >
        <Form.Item
          label="责任人"
          name="assigneeUserId"
          rules={[{ required: true, message: "请选择责任人" }]}
          extra={
            !loading && options.length === 0
              ? "没有能同时负责这些任务的人员，请按责任单位分批指派"
              : undefined
          }
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder="请选择责任人"
            loading={loading}
            options={options}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
