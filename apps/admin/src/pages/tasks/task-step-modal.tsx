import { App, Form, Input, InputNumber, Modal, Slider } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TASK_ACTION_LABELS, TASK_TEXT_MAX, type TaskAction } from "@chuangcheng/domain/rules";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

interface Values {
  note?: string;
  progress?: number;
  photos?: UploadedPhoto[];
}

/** What the note is called in each step's dialog, and whether it must be given. */
const NOTE: Partial<Record<TaskAction, { label: string; required?: string; placeholder: string }>> = {
  report: { label: "进展情况", required: "请填写进展情况", placeholder: "如：已清理3个单元的楼道堆物" },
  submit: { label: "完成情况", placeholder: "如：全部清理完毕，请验收" },
  accept: { label: "验收意见", placeholder: "如：经现场查看，符合要求" },
  return: { label: "退回原因", required: "请填写退回原因", placeholder: "如：5单元仍有堆物，请继续清理" },
  cancel: { label: "取消原因", required: "请填写取消原因", placeholder: "如：该项工作已并入其他任务" },
};

export interface StepTarget {
  id: number;
  title: string;
  version: number;
  progress: number;
}

/**
 * One step of a task, in a dialog: 汇报进展 (percentage, what was done, photos from the camera on a
 * phone), 提交验收, 验收通过, 退回 and 取消 (with a reason). The task's version is the one seen when
 * the dialog opened, so that of two people acting at once the second is told, not overwritten.
 */
export function TaskStepModal({
  task,
  action,
  onClose,
}: {
  task: StepTarget;
  action: Exclude<TaskAction, "start">;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const photos = Form.useWatch("photos", form);
  const done = () => {
    void message.success(`已${TASK_ACTION_LABELS[action]}`);
    void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
    onClose();
  };
  const onError = (error: unknown) => showError(error, { form });
  const report = useMutation(trpc.task.report.mutationOptions({ onSuccess: done, onError }));
  const submit = useMutation(trpc.task.submit.mutationOptions({ onSuccess: done, onError }));
  const accept = useMutation(trpc.task.accept.mutationOptions({ onSuccess: done, onError }));
  const back = useMutation(trpc.task.return.mutationOptions({ onSuccess: done, onError }));
  const cancel = useMutation(trpc.task.cancel.mutationOptions({ onSuccess: done, onError }));
  const pending = [report, submit, accept, back, cancel].some((m) => m.isPending);
  const note = NOTE[action];

  const finish = (v: Values) => {
    const base = { id: task.id, version: task.version, note: v.note?.trim() ?? "" };
    if (action === "report") {
      report.mutate({ ...base, progress: v.progress ?? task.progress, photos: photoIdsOfUploads(v.photos) });
    } else if (action === "submit") submit.mutate(base);
    else if (action === "accept") accept.mutate(base);
    else if (action === "return") back.mutate(base);
    else cancel.mutate(base);
  };

  return (
    <Modal
      title={`${TASK_ACTION_LABELS[action]}：${task.title}`}
      open
      okText={action === "report" ? "提交汇报" : TASK_ACTION_LABELS[action]}
      okButtonProps={{ danger: action === "cancel", disabled: uploadsPending(photos) }}
      cancelText="关闭"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name={`task-${action}`}
        layout="vertical"
        initialValues={{ progress: task.progress, photos: [] }}
        onFinish={finish}
      >
        {action === "report" && (
          <Form.Item label="完成进度（%）" required>
            <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
              <Form.Item name="progress" noStyle>
                <Slider min={0} max={100} step={5} style={{ flex: 1 }} aria-hidden tabIndex={-1} />
              </Form.Item>
              <Form.Item
                name="progress"
                noStyle
                rules={[
                  { required: true, type: "integer", min: 0, max: 100, message: "完成进度须为0到100的整数" },
                ]}
              >
                <InputNumber min={0} max={100} precision={0} suffix="%" aria-label="完成进度" />
              </Form.Item>
            </div>
          </Form.Item>
        )}
        {note && (
          <Form.Item
            label={note.label}
            name="note"
            rules={[
              ...(note.required ? [{ required: true, whitespace: true, message: note.required }] : []),
              { max: TASK_TEXT_MAX, message: `${note.label}最多${TASK_TEXT_MAX}字` },
            ]}
          >
            <Input.TextArea rows={3} maxLength={TASK_TEXT_MAX} placeholder={note.placeholder} />
          </Form.Item>
        )}
        {action === "report" && (
          <Form.Item label="现场照片" name="photos">
            <PhotoUpload camera />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
