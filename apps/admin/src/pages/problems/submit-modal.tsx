import { App, Form, Input, Modal } from "antd";
import { useMutation } from "@tanstack/react-query";
import { NOTE_MAX } from "@chuangcheng/domain/rules";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useTRPC } from "../../lib/trpc";
import { useMoveError } from "./problem-bits";

interface Values {
  note: string;
  photos: UploadedPhoto[];
}

/** 整改完成 by the 责任人: at least one photo after (from the camera on a phone) and what was done. */
export function SubmitModal({
  problem,
  onClose,
}: {
  problem: { id: number; version: number; description: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useMoveError();
  const [form] = Form.useForm<Values>();
  const photos = Form.useWatch("photos", form);
  const submit = useMutation(
    trpc.problem.submit.mutationOptions({
      onSuccess: () => {
        void message.success("已上报整改完成，等待复查");
        onClose();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  return (
    <Modal
      title="上报整改完成"
      open
      okText="提交"
      cancelText="取消"
      confirmLoading={submit.isPending}
      okButtonProps={{ disabled: uploadsPending(photos) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p style={{ marginTop: 0 }}>{problem.description}</p>
      <Form<Values>
        form={form}
        name="submitProblem"
        layout="vertical"
        initialValues={{ photos: [] }}
        onFinish={(v) =>
          submit.mutate({
            id: problem.id,
            version: problem.version,
            note: v.note.trim(),
            photos: photoIdsOfUploads(v.photos),
          })
        }
      >
        <Form.Item
          label="整改后照片"
          name="photos"
          required
          rules={[
            {
              validator: (_, files: UploadedPhoto[] | undefined) =>
                photoIdsOfUploads(files).length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error("请至少上传1张整改后照片")),
            },
          ]}
        >
          <PhotoUpload camera />
        </Form.Item>
        <Form.Item
          label="整改情况"
          name="note"
          rules={[
            { required: true, whitespace: true, message: "请填写整改情况" },
            { max: NOTE_MAX, message: `整改情况最多${NOTE_MAX}字` },
          ]}
        >
          <Input.TextArea rows={3} maxLength={NOTE_MAX} placeholder="如：已清理楼道杂物" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
