import { App, Form, Input, Modal, Radio, Select } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  DEPARTMENT_MAX,
  NOTE_MAX,
  REJECT_REASONS,
  REJECT_REASON_LABELS,
  type RejectReason,
} from "@chuangcheng/domain/rules";
import { useTRPC } from "../../lib/trpc";
import { useMoveError } from "./problem-bits";

interface Values {
  reason: RejectReason;
  duplicateOfId?: number;
  department?: string;
  note?: string;
}

/** 不予受理: 重复 (with the problem it repeats), 不属实 (with a note), 非社区职责 (with the department). */
export function RejectProblemModal({
  problem,
  onClose,
}: {
  problem: { id: number; version: number; communityId: number };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useMoveError();
  const [form] = Form.useForm<Values>();
  const reason = Form.useWatch("reason", form);
  const others = useQuery({
    ...trpc.problem.list.queryOptions({ communityId: problem.communityId, page: 1, pageSize: 100 }),
    enabled: reason === "duplicate",
  });
  const reject = useMutation(
    trpc.problem.reject.mutationOptions({
      onSuccess: () => {
        void message.success("已不予受理");
        onClose();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  return (
    <Modal
      title="不予受理"
      open
      okText="不予受理"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={reject.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="rejectProblem"
        layout="vertical"
        onFinish={(v) =>
          reject.mutate({
            id: problem.id,
            version: problem.version,
            reason: v.reason,
            duplicateOfId: v.reason === "duplicate" ? (v.duplicateOfId ?? null) : null,
            department: v.reason === "not_our_duty" ? (v.department?.trim() ?? null) : null,
            note: v.note?.trim() || null,
          })
        }
      >
        <Form.Item label="原因" name="reason" rules={[{ required: true, message: "请选择不予受理的原因" }]}>
          <Radio.Group options={REJECT_REASONS.map((r) => ({ value: r, label: REJECT_REASON_LABELS[r] }))} />
        </Form.Item>
        {reason === "duplicate" && (
          <Form.Item
            label="重复的问题"
            name="duplicateOfId"
            rules={[{ required: true, message: "请选择重复的问题" }]}
          >
            <Select<number>
              placeholder="选择与之重复的问题"
              showSearch={{ optionFilterProp: "label" }}
              loading={others.isPending}
              options={(others.data?.items ?? [])
                .filter((p) => p.id !== problem.id)
                .map((p) => ({
                  value: p.id,
                  label: `#${p.id} ${p.courtyardName} ${p.categoryLabel}：${p.description.slice(0, 30)}`,
                }))}
            />
          </Form.Item>
        )}
        {reason === "not_our_duty" && (
          <Form.Item
            label="转交部门"
            name="department"
            rules={[
              { required: true, whitespace: true, message: "请填写转交部门" },
              { max: DEPARTMENT_MAX, message: `转交部门最多${DEPARTMENT_MAX}字` },
            ]}
          >
            <Input maxLength={DEPARTMENT_MAX} placeholder="如 区城管局、供电公司" />
          </Form.Item>
        )}
        <Form.Item
          label="说明"
          name="note"
          rules={[
            { required: reason === "untrue", whitespace: true, message: "请填写说明" },
            { max: NOTE_MAX, message: `说明最多${NOTE_MAX}字` },
          ]}
        >
          <Input.TextArea rows={3} maxLength={NOTE_MAX} placeholder="告知上报人的说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
