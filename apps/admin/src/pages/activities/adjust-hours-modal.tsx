import { Form, Input, InputNumber, Modal, Typography } from "antd";
import { activityMaxMinutes } from "@chuangcheng/domain/rules";
import { hoursText } from "@chuangcheng/client";
import { useShowError } from "../../lib/server-errors";
import type { ActivityDetail, SignupRow } from "../../lib/trpc";

interface Values {
  minutes: number;
  reason: string;
}

/**
 * 调整时长: sets a volunteer's confirmed minutes with a reason (also the 补录 for someone who forgot to
 * check out). Sent as activity.confirmHours with one signupId, minutes and reason.
 */
export function AdjustHoursModal(props: {
  row: SignupRow;
  /** the server allows at most the activity's length (activityMaxMinutes); the field says so first */
  activity: Pick<ActivityDetail, "startsAt" | "endsAt">;
  pending: boolean;
  onSubmit: (values: Values) => Promise<unknown>;
  onClose: () => void;
}) {
  const { row, activity, pending, onSubmit, onClose } = props;
  const maxMinutes = activityMaxMinutes(activity.startsAt, activity.endsAt);
  const [form] = Form.useForm<Values>();
  const showError = useShowError();
  const minutes = Form.useWatch("minutes", form);
  return (
    <Modal
      title={`调整时长：${row.name}`}
      open
      okText="确认调整"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        签到签退计得 {row.minutes ?? 0} 分钟。调整后的时长直接记为“已确认”，调整原因记入操作日志。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="adjustHours"
        layout="vertical"
        initialValues={{ minutes: row.confirmedMinutes ?? row.minutes ?? 0, reason: row.adjustReason ?? "" }}
        onFinish={(v) =>
          onSubmit({ minutes: v.minutes, reason: v.reason.trim() }).catch((error: unknown) =>
            showError(error, { form }),
          )
        }
      >
        <Form.Item
          label="时长（分钟）"
          name="minutes"
          extra={
            typeof minutes === "number"
              ? `合 ${hoursText(minutes)}；不超过活动时长 ${maxMinutes} 分钟`
              : undefined
          }
          rules={[{ required: true, message: "请输入时长" }]}
        >
          <InputNumber min={0} max={maxMinutes} precision={0} style={{ width: "100%" }} suffix="分钟" />
        </Form.Item>
        <Form.Item
          label="调整原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: "请填写调整原因" },
            { max: 200, message: "原因最多200字" },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="例如：忘记签退，组织者核实后补录" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
