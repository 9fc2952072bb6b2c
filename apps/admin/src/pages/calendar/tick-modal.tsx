import { App, DatePicker, Form, Input, Modal } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import { DUTY_NOTE_MAX, periodDays } from "@chuangcheng/domain/rules";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { tickDateAllowed, tickDefaultDate } from "./calendar-labels";
import type { DutyCellData, DutyRule } from "./calendar-types";

const DATE_FORMAT = "YYYY-MM-DD";

interface Values {
  doneOn?: Dayjs;
  note?: string;
  photos: UploadedPhoto[];
}

// The server names the period and the rule; the form shows both under the date.
const FIELD_MAP = { period: "doneOn", ruleId: "doneOn" };

/** 打卡: a manual duty done in a period, the day it was done (in the period, not after today), 情况说明, photos. */
export function TickModal(props: { rule: DutyRule; cell: DutyCellData; onClose: () => void }) {
  const { rule, cell, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const photos = Form.useWatch("photos", form);
  const today = chinaToday();
  const start = tickDefaultDate(cell.period, today);
  const { first, last } = periodDays(cell.period);
  const tick = useMutation(
    trpc.campaign.tickDuty.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.calendar.pathKey() });
        void message.success("已打卡");
        onClose();
      },
      onError: (error) => showError(error, { form, fieldMap: FIELD_MAP }),
    }),
  );

  const submit = (v: Values) => {
    if (!v.doneOn) return;
    tick.mutate({
      ruleId: rule.id,
      period: cell.period,
      doneOn: v.doneOn.format(DATE_FORMAT),
      note: v.note?.trim() || null,
      photos: photoIdsOfUploads(v.photos),
    });
  };

  return (
    <Modal
      title={`打卡：${rule.title}（${cell.label}）`}
      open
      okText="打卡"
      cancelText="取消"
      confirmLoading={tick.isPending}
      okButtonProps={{ disabled: uploadsPending(photos) }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="dutyTick"
        layout="vertical"
        initialValues={{ doneOn: start ? dayjs(start) : undefined, photos: [] }}
        onFinish={submit}
      >
        <Form.Item
          label="完成日期"
          name="doneOn"
          extra={`${first} 至 ${last > today ? today : last} 之间`}
          rules={[{ required: true, message: "请选择完成日期" }]}
        >
          <DatePicker
            format={DATE_FORMAT}
            placeholder="年-月-日"
            style={{ width: "100%" }}
            disabledDate={(d) => !tickDateAllowed(cell.period, d.format(DATE_FORMAT), today)}
          />
        </Form.Item>
        <Form.Item
          label="情况说明"
          name="note"
          rules={[{ max: DUTY_NOTE_MAX, message: `情况说明最多${DUTY_NOTE_MAX}个字` }]}
        >
          <Input.TextArea rows={2} maxLength={DUTY_NOTE_MAX} placeholder="选填：地点、内容、参加人员等" />
        </Form.Item>
        <Form.Item
          label="现场照片"
          name="photos"
          rules={[
            {
              validator: (_, files: UploadedPhoto[] | undefined) =>
                photoIdsOfUploads(files).length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error("请上传至少一张现场照片")),
            },
          ]}
        >
          <PhotoUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}
