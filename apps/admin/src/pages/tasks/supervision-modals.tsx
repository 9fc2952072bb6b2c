import { App, DatePicker, Form, Input, Modal, Radio } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import {
  SUPERVISION_ANSWER_MAX,
  SUPERVISION_COLOURS,
  SUPERVISION_COLOUR_NAMES,
  SUPERVISION_NOTE_MAX,
  type SupervisionColour,
} from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

// The three moves of a 督办单: 督办 (issue), 反馈 (answer) and 销号 (clear), each in its own dialog.

function useAfter(text: string, onClose: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return () => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
    onClose();
  };
}

/** 督办 by hand: 红 unless chosen otherwise (it escalates the task), what to do, and by when to answer. */
export function SuperviseModal({
  task,
  onClose,
}: {
  task: { id: number; title: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const showError = useShowError();
  const [form] = Form.useForm<{ colour: SupervisionColour; note: string; replyBy?: Dayjs }>();
  const issue = useMutation(
    trpc.task.supervise.mutationOptions({
      onSuccess: useAfter("已发出督办单", onClose),
      onError: (error) => showError(error, { form }),
    }),
  );
  return (
    <Modal
      title={`督办：${task.title}`}
      open
      okText="发出督办"
      cancelText="取消"
      confirmLoading={issue.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="supervise"
        layout="vertical"
        initialValues={{ colour: "red", replyBy: dayjs(chinaToday()).add(3, "day") }}
        onFinish={(v) =>
          v.replyBy &&
          issue.mutate({
            taskId: task.id,
            colour: v.colour,
            note: v.note.trim(),
            replyBy: v.replyBy.format("YYYY-MM-DD"),
          })
        }
      >
        <Form.Item label="督办颜色" name="colour">
          <Radio.Group
            optionType="button"
            options={[...SUPERVISION_COLOURS]
              .reverse()
              .map((c) => ({ value: c, label: SUPERVISION_COLOUR_NAMES[c] }))}
          />
        </Form.Item>
        <Form.Item
          label="督办内容"
          name="note"
          rules={[
            { required: true, whitespace: true, message: "请填写督办内容" },
            { max: SUPERVISION_NOTE_MAX, message: `督办内容最多${SUPERVISION_NOTE_MAX}字` },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={SUPERVISION_NOTE_MAX}
            placeholder="如：已逾期，请说明原因并于期限内完成"
          />
        </Form.Item>
        <Form.Item label="反馈期限" name="replyBy" rules={[{ required: true, message: "请选择反馈期限" }]}>
          <DatePicker
            format="YYYY-MM-DD"
            style={{ width: "100%" }}
            disabledDate={(d) => d.format("YYYY-MM-DD") < chinaToday()}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 反馈 (answer, in writing) or 销号 (clear, with an optional note) of one 督办单. */
export function SupervisionStepModal({
  kind,
  supervision,
  onClose,
}: {
  kind: "answer" | "clear";
  supervision: { id: number; version: number; note: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const showError = useShowError();
  const [form] = Form.useForm<{ text?: string }>();
  const onError = (error: unknown) => showError(error, { form, fieldMap: { answer: "text", note: "text" } });
  const answer = useMutation(
    trpc.task.answerSupervision.mutationOptions({ onSuccess: useAfter("已反馈", onClose), onError }),
  );
  const clear = useMutation(
    trpc.task.clearSupervision.mutationOptions({ onSuccess: useAfter("已销号", onClose), onError }),
  );
  const answering = kind === "answer";
  const max = answering ? SUPERVISION_ANSWER_MAX : SUPERVISION_NOTE_MAX;
  return (
    <Modal
      title={answering ? "反馈督办" : "督办销号"}
      open
      okText={answering ? "提交反馈" : "销号"}
      cancelText="取消"
      confirmLoading={answer.isPending || clear.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p style={{ marginTop: 0, whiteSpace: "pre-wrap" }}>督办内容：{supervision.note}</p>
      <Form
        form={form}
        name={answering ? "answerSupervision" : "clearSupervision"}
        layout="vertical"
        onFinish={(v) => {
          const text = v.text?.trim() ?? "";
          if (answering) answer.mutate({ id: supervision.id, version: supervision.version, answer: text });
          else clear.mutate({ id: supervision.id, version: supervision.version, note: text });
        }}
      >
        <Form.Item
          label={answering ? "反馈内容" : "销号说明"}
          name="text"
          rules={[
            ...(answering ? [{ required: true, whitespace: true, message: "请填写反馈内容" }] : []),
            { max, message: `最多${max}字` },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={max}
            placeholder={answering ? "如：已组织清理，5单元堆物于12月5日前清完" : "如：经核实已整改到位"}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
