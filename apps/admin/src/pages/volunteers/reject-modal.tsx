import { Form, Input, Modal, Typography } from "antd";

interface Values {
  reason: string;
}

/** 驳回: asks for the reason, which the resident reads in the portal before correcting and resubmitting. */
export function RejectModal(props: {
  names: string[];
  pending: boolean;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { names, pending, onSubmit, onClose } = props;
  const [form] = Form.useForm<Values>();
  const who = names.length === 1 ? `“${names[0]}”` : `选中的 ${names.length} 人`;
  return (
    <Modal
      title="驳回注册"
      open
      okText="驳回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        驳回{who}的志愿者注册。居民将在居民端看到驳回原因，修改后可重新提交。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="rejectVolunteer"
        layout="vertical"
        onFinish={(v) => onSubmit(v.reason.trim())}
      >
        <Form.Item
          label="驳回原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: "请填写驳回原因" },
            { max: 200, message: "驳回原因最多200字" },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="例如：所填楼院与住址不符，请核对"
            autoFocus
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
