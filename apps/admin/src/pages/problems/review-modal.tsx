import { App, Form, Input, Modal } from "antd";
import { useMutation } from "@tanstack/react-query";
import { NOTE_MAX } from "@chuangcheng/domain/rules";
import { useTRPC } from "../../lib/trpc";
import { useMoveError } from "./problem-bits";

interface Values {
  note?: string;
}

/** 复查: 复查通过 (办结, an optional opinion) or 退回整改 (the reason is required). */
export function ReviewModal({
  problem,
  decision,
  onClose,
}: {
  problem: { id: number; version: number };
  decision: "approve" | "return";
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useMoveError();
  const [form] = Form.useForm<Values>();
  const approve = decision === "approve";
  const review = useMutation(
    trpc.problem.review.mutationOptions({
      onSuccess: () => {
        void message.success(approve ? "复查通过，问题已办结" : "已退回整改");
        onClose();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  const title = approve ? "复查通过" : "退回整改";
  return (
    <Modal
      title={title}
      open
      okText={title}
      okButtonProps={{ danger: !approve }}
      cancelText="取消"
      confirmLoading={review.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="reviewProblem"
        layout="vertical"
        onFinish={(v) =>
          review.mutate({ id: problem.id, version: problem.version, decision, note: v.note?.trim() || null })
        }
      >
        <Form.Item
          label={approve ? "复查意见" : "退回原因"}
          name="note"
          rules={[
            { required: !approve, whitespace: true, message: "请填写退回原因" },
            { max: NOTE_MAX, message: `最多${NOTE_MAX}字` },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={NOTE_MAX}
            placeholder={approve ? "选填" : "需要继续整改的地方"}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
