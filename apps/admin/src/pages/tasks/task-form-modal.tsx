import { useMemo } from "react";
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import {
  ROLE_LABELS,
  TASK_PRIORITIES,
  TASK_PRIORITY_LABELS,
  TASK_TEXT_MAX,
  TASK_TITLE_MAX,
  type TaskPriority,
} from "@chuangcheng/domain/rules";
import { descendantsOf, useCommunities } from "../../lib/communities";
import { unitPath } from "../../lib/org-tree";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

interface Values {
  title: string;
  description?: string;
  unitId?: number;
  assigneeUserId?: number | null;
  startOn?: Dayjs;
  dueOn?: Dayjs;
  priority: TaskPriority;
  weight?: number | null;
  itemIds?: number[];
}

/** The task being edited, as task.detail gives it. */
export interface EditedTask {
  id: number;
  version: number;
  title: string;
  description: string;
  unit: { id: number };
  assignee: { id: number } | null;
  startOn: string;
  dueOn: string;
  priority: TaskPriority;
  weight: number | null;
  items: Array<{ id: number }>;
}

export type TaskFormTarget =
  | {
      kind: "create";
      campaignId: number;
      scopeUnitId: number;
      parent: { id: number; title: string; unitId: number; dueOn: string } | null;
    }
  | { kind: "edit"; campaignId: number; scopeUnitId: number; task: EditedTask; parentUnitId: number | null };

const DATE = "YYYY-MM-DD";
const PICKER = { format: DATE, style: { width: "100%" }, placeholder: "年-月-日" } as const;
const PRIORITY_OPTIONS = TASK_PRIORITIES.map((p) => ({ value: p, label: TASK_PRIORITY_LABELS[p] }));

/**
 * 新建任务, 拆分子任务 and 编辑: the 责任单位 is one the caller manages within the campaign (and
 * within the parent's unit for a sub-task); the 责任人 is picked from those the server would accept
 * for that unit (task.assignees); 关联测评内容 from the checklist of the unit's 社区. The server
 * checks everything again and its messages land beside their fields.
 */
export function TaskFormModal({ target, onClose }: { target: TaskFormTarget; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { units } = useCommunities();
  const [form] = Form.useForm<Values>();
  const unitId = Form.useWatch("unitId", form);

  const within =
    target.kind === "create"
      ? (target.parent?.unitId ?? target.scopeUnitId)
      : (target.parentUnitId ?? target.scopeUnitId);
  const unitOptions = useMemo(() => {
    const inside = [units.find((u) => u.id === within), ...descendantsOf(units, within)].filter(
      (u): u is NonNullable<typeof u> =>
        !!u && u.canManage && u.kind !== "courtyard" && u.kind !== "building",
    );
    return inside.map((u) => ({ value: u.id, label: unitPath(units, u.id) }));
  }, [units, within]);
  const communityId = useMemo(() => {
    const byId = new Map(units.map((u) => [u.id, u]));
    for (
      let u = unitId ? byId.get(unitId) : undefined;
      u;
      u = u.parentId ? byId.get(u.parentId) : undefined
    ) {
      if (u.kind === "community") return u.id;
    }
    return null;
  }, [units, unitId]);

  const assignees = useQuery({
    ...trpc.task.assignees.queryOptions({ unitId: unitId ?? 0 }),
    enabled: !!unitId,
  });
  const checklist = useQuery({
    ...trpc.campaign.checklist.queryOptions({ campaignId: target.campaignId, communityId: communityId ?? 0 }),
    enabled: communityId !== null,
  });

  const done = (text: string) => () => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
    onClose();
  };
  const onError = (error: unknown) => showError(error, { form });
  const create = useMutation(trpc.task.create.mutationOptions({ onSuccess: done("任务已创建"), onError }));
  const update = useMutation(trpc.task.update.mutationOptions({ onSuccess: done("任务已保存"), onError }));

  const initial: Partial<Values> =
    target.kind === "edit"
      ? {
          title: target.task.title,
          description: target.task.description,
          unitId: target.task.unit.id,
          assigneeUserId: target.task.assignee?.id ?? null,
          startOn: dayjs(target.task.startOn),
          dueOn: dayjs(target.task.dueOn),
          priority: target.task.priority,
          weight: target.task.weight,
          itemIds: target.task.items.map((i) => i.id),
        }
      : {
          priority: "normal",
          startOn: dayjs(chinaToday()),
          ...(target.parent ? { dueOn: dayjs(target.parent.dueOn) } : {}),
          ...(unitOptions.length === 1 ? { unitId: unitOptions[0]?.value } : {}),
          itemIds: [],
        };

  const finish = (v: Values) => {
    if (!v.unitId || !v.startOn || !v.dueOn) return;
    const fields = {
      title: v.title.trim(),
      description: v.description?.trim() ?? "",
      unitId: v.unitId,
      assigneeUserId: v.assigneeUserId ?? null,
      startOn: v.startOn.format(DATE),
      dueOn: v.dueOn.format(DATE),
      priority: v.priority,
      weight: v.weight ?? null,
      itemIds: v.itemIds ?? [],
    };
    if (target.kind === "edit")
      update.mutate({ id: target.task.id, version: target.task.version, ...fields });
    else create.mutate({ campaignId: target.campaignId, parentId: target.parent?.id ?? null, ...fields });
  };

  const title =
    target.kind === "edit" ? "编辑任务" : target.parent ? `拆分子任务：${target.parent.title}` : "新建任务";
  return (
    <Modal
      title={title}
      open
      okText="保存"
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} name="task" layout="vertical" initialValues={initial} onFinish={finish}>
        <Form.Item
          label="任务名称"
          name="title"
          rules={[
            { required: true, whitespace: true, message: "请填写任务名称" },
            { max: TASK_TITLE_MAX, message: `任务名称最多${TASK_TITLE_MAX}字` },
          ]}
        >
          <Input maxLength={TASK_TITLE_MAX} placeholder="如：主次干道环境卫生整治" />
        </Form.Item>
        <Form.Item label="责任单位" name="unitId" rules={[{ required: true, message: "请选择责任单位" }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder="请选择责任单位"
            options={unitOptions}
            onChange={() => form.setFieldsValue({ assigneeUserId: null, itemIds: [] })}
          />
        </Form.Item>
        <Form.Item label="责任人" name="assigneeUserId" extra="不指定时，由责任单位的管理员负责">
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={unitId ? "请选择责任人" : "请先选择责任单位"}
            disabled={!unitId}
            loading={assignees.isFetching}
            options={(assignees.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.name}（${ROLE_LABELS[p.role]} · ${p.unitName}）`,
            }))}
          />
        </Form.Item>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item
            label="开始日期"
            name="startOn"
            style={{ flex: 1 }}
            rules={[{ required: true, message: "请选择开始日期" }]}
          >
            <DatePicker {...PICKER} />
          </Form.Item>
          <Form.Item
            label="时限"
            name="dueOn"
            style={{ flex: 1 }}
            rules={[{ required: true, message: "请选择时限" }]}
          >
            <DatePicker {...PICKER} />
          </Form.Item>
        </div>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item label="优先级" name="priority" style={{ flex: 1 }}>
            <Select options={PRIORITY_OPTIONS} />
          </Form.Item>
          <Form.Item
            label="权重"
            name="weight"
            style={{ flex: 1 }}
            extra="汇总上级进度时的权重，不填按1计"
            rules={[{ type: "number", min: 0, message: "权重不能小于0" }]}
          >
            <InputNumber min={0} max={1000} style={{ width: "100%" }} placeholder="1" />
          </Form.Item>
        </div>
        <Form.Item
          label="关联测评内容"
          name="itemIds"
          extra={communityId === null ? "责任单位为社区或网格时可关联该社区的测评内容" : undefined}
        >
          <Select
            mode="multiple"
            allowClear
            disabled={communityId === null}
            showSearch={{ optionFilterProp: "label" }}
            placeholder="可多选"
            loading={checklist.isFetching}
            options={(checklist.data ?? []).map((i) => ({
              value: i.id,
              label: `${i.project}：${i.content}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          label="任务说明"
          name="description"
          rules={[{ max: TASK_TEXT_MAX, message: `任务说明最多${TASK_TEXT_MAX}字` }]}
        >
          <Input.TextArea rows={3} maxLength={TASK_TEXT_MAX} placeholder="工作要求、标准、注意事项" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
