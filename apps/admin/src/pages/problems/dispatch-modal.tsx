import { useEffect } from "react";
import { App, DatePicker, Form, Input, Modal, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation, useQuery } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import {
  NOTE_MAX,
  PROBLEM_CATEGORY_DEFAULTS,
  defaultDeadline,
  type ProblemCategory,
} from "@chuangcheng/domain/rules";
import { useTRPC } from "../../lib/trpc";
import { useMoveError } from "./problem-bits";

interface Values {
  assigneeId: number;
  deadline: Dayjs | null;
  note?: string;
}

export type DispatchTarget =
  | {
      kind: "dispatch" | "reassign";
      id: number;
      version: number;
      communityId: number;
      courtyardId: number;
      category: ProblemCategory;
      assigneeId?: number | null;
      deadline?: string | null;
    }
  | { kind: "batch"; communityId: number; items: { id: number; version: number }[] };

const ROLE_LABELS = { grid_worker: "网格员", community_admin: "社区管理员" } as const;
const TITLES = { dispatch: "派遣", reassign: "改派", batch: "批量派遣" } as const;

export interface BatchResult {
  succeeded: number;
  results: { id: number; ok: boolean; message: string | null }[];
}

/**
 * 派遣, 改派 and 批量派遣: a 责任人 among the 社区's staff (the 楼院's own 网格 first) and the 处置时限,
 * by default today plus the category's limit (批量: each problem's own category), never before today.
 */
export function DispatchModal({
  target,
  onClose,
  onBatchDone,
}: {
  target: DispatchTarget;
  onClose: () => void;
  onBatchDone?: (result: BatchResult) => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useMoveError();
  const [form] = Form.useForm<Values>();
  const today = chinaToday();
  const assignees = useQuery(
    trpc.problem.assignees.queryOptions({
      communityId: target.communityId,
      courtyardId: target.kind === "batch" ? undefined : target.courtyardId,
    }),
  );
  const categories = useQuery(trpc.problem.categories.queryOptions({ communityId: target.communityId }));
  const single = target.kind === "batch" ? null : target;
  const limit = single
    ? (categories.data?.find((c) => c.code === single.category)?.timeLimitDays ??
      PROBLEM_CATEGORY_DEFAULTS[single.category].timeLimitDays)
    : null;
  const suggested = single?.deadline ?? (limit !== null ? defaultDeadline(today, limit) : null);

  // The default deadline follows the category's limit once the 社区's categories have loaded.
  useEffect(() => {
    if (suggested && !form.isFieldTouched("deadline")) form.setFieldValue("deadline", dayjs(suggested));
  }, [suggested, form]);

  const onError = (error: unknown) => moveError(error, { form });
  const done = () => {
    void message.success(`已${TITLES[target.kind]}`);
    onClose();
  };
  const dispatch = useMutation(trpc.problem.dispatch.mutationOptions({ onSuccess: done, onError }));
  const reassign = useMutation(trpc.problem.reassign.mutationOptions({ onSuccess: done, onError }));
  const batch = useMutation(
    trpc.problem.batchDispatch.mutationOptions({
      onSuccess: (result) => {
        onBatchDone?.(result);
        onClose();
      },
      onError,
    }),
  );
  const pending = dispatch.isPending || reassign.isPending || batch.isPending;

  const submit = (v: Values) => {
    const fields = {
      assigneeId: v.assigneeId,
      deadline: v.deadline ? v.deadline.format("YYYY-MM-DD") : null,
      note: v.note?.trim() || null,
    };
    if (target.kind === "batch") batch.mutate({ items: target.items, ...fields });
    else if (target.kind === "dispatch")
      dispatch.mutate({ id: target.id, version: target.version, ...fields });
    else reassign.mutate({ id: target.id, version: target.version, ...fields });
  };

  return (
    <Modal
      title={TITLES[target.kind]}
      open
      okText={TITLES[target.kind]}
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {target.kind === "batch" && (
        <Typography.Paragraph>
          派遣选中的 {target.items.length} 条问题。处置时限不填时，按各问题类别的处置时限计算。
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        name="dispatchProblem"
        layout="vertical"
        initialValues={{ assigneeId: single?.assigneeId ?? undefined }}
        onFinish={submit}
      >
        <Form.Item label="责任人" name="assigneeId" rules={[{ required: true, message: "请选择责任人" }]}>
          <Select<number>
            placeholder="选择社区工作人员"
            showSearch={{ optionFilterProp: "label" }}
            loading={assignees.isPending}
            notFoundContent="该社区暂无可派遣的工作人员"
            options={(assignees.data ?? []).map((a) => ({
              value: a.userId,
              label: `${a.name}（${ROLE_LABELS[a.role]}，${a.unitName}${a.inGrid ? "，本网格" : ""}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          label="处置时限"
          name="deadline"
          extra={limit !== null ? `该类别处置时限 ${limit} 天，可修改` : undefined}
          rules={[{ required: target.kind !== "batch", message: "请选择处置时限" }]}
        >
          <DatePicker
            style={{ width: "100%" }}
            placeholder="选择日期"
            disabledDate={(d) => d.format("YYYY-MM-DD") < today}
            allowClear={target.kind === "batch"}
          />
        </Form.Item>
        <Form.Item
          label="派遣说明"
          name="note"
          rules={[{ max: NOTE_MAX, message: `派遣说明最多${NOTE_MAX}字` }]}
        >
          <Input.TextArea rows={2} maxLength={NOTE_MAX} placeholder="选填，如整改要求" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
