import { useCallback } from "react";
import { App, Button, DatePicker, Form, Input, Modal, Radio, Space } from "antd";
import type dayjs from "dayjs";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BOARD_REASON_MAX } from "@chuangcheng/domain/rules";
import { useShowError, type ServerErrorOptions } from "../../lib/server-errors";
import { errorCode, useTRPC } from "../../lib/trpc";

// The 黑白榜's dialogs and forms: a reason (驳回, 撤榜), approval with its dates, the decision on a 申诉.

export const BOARD_CONFLICT_MESSAGE = "该条目刚被他人处理，请刷新后查看";

/**
 * The error handler of a board move: someone who acted first (CONFLICT) gets one sentence and the
 * lists are fetched again; anything else (FORBIDDEN for the proposer's own entry …) shows the server's
 * Chinese message, beside its field when the form has one.
 */
export function useBoardMoveError() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  return useCallback(
    (error: unknown, opts?: ServerErrorOptions) => {
      if (errorCode(error) === "CONFLICT" && !opts?.form) {
        void message.warning(BOARD_CONFLICT_MESSAGE);
        void queryClient.invalidateQueries({ queryKey: trpc.board.pathKey() });
        return;
      }
      showError(error, opts);
    },
    [message, queryClient, showError, trpc],
  );
}

/** After any move: every board list and detail is fetched again. */
export function useRefreshBoard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.board.pathKey() }),
    [queryClient, trpc],
  );
}

const reasonRules = (label: string) => [
  { required: true, whitespace: true, message: `请填写${label}` },
  { max: BOARD_REASON_MAX, message: `${label}最多${BOARD_REASON_MAX}字` },
];

/** A dialog asking for a reason (驳回, 撤榜): `onSubmit` rejects with the server's error to show it. */
export function ReasonModal({
  title,
  label,
  okText,
  placeholder,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  okText: string;
  placeholder?: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const moveError = useBoardMoveError();
  const run = useMutation({
    mutationFn: (reason: string) => onSubmit(reason),
    onSuccess: onClose,
    onError: (error) => moveError(error, { form, fallbackField: "reason" }),
  });
  return (
    <Modal
      title={title}
      open
      okText={okText}
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="boardReason" layout="vertical" onFinish={(v) => run.mutate(v.reason.trim())}>
        <Form.Item label={label} name="reason" rules={reasonRules(label)}>
          <Input.TextArea rows={3} maxLength={BOARD_REASON_MAX} placeholder={placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ApproveValues {
  startDate?: dayjs.Dayjs | null;
  endDate?: dayjs.Dayjs | null;
}
const ymd = (d: dayjs.Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : undefined);

/** 审核通过, with optional 公示 dates (empty: from today, for the 社区's default length). */
export function ApproveModal({
  entry,
  onClose,
}: {
  entry: { id: number; version: number };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useBoardMoveError();
  const refresh = useRefreshBoard();
  const [form] = Form.useForm<ApproveValues>();
  const start = Form.useWatch("startDate", form);
  const approve = useMutation(
    trpc.board.approve.mutationOptions({
      onSuccess: (r) => {
        void message.success(
          `已审核通过，公示 ${r.startDate} 至 ${r.endDate}${r.noticeUntil ? `（申诉告知期至 ${r.noticeUntil}）` : ""}`,
        );
        void refresh();
        onClose();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  return (
    <Modal
      title="审核通过"
      open
      okText="审核通过"
      cancelText="取消"
      confirmLoading={approve.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ApproveValues>
        form={form}
        name="boardApprove"
        layout="vertical"
        onFinish={(v) =>
          approve.mutate({
            id: entry.id,
            version: entry.version,
            startDate: ymd(v.startDate),
            endDate: ymd(v.endDate),
          })
        }
      >
        <p style={{ marginTop: 0 }}>公示日期可不填：从今天起，按本社区设置的天数公示。</p>
        <Space wrap>
          <Form.Item label="公示开始日期" name="startDate">
            <DatePicker placeholder="默认今天" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            label="公示结束日期"
            name="endDate"
            dependencies={["startDate"]}
            rules={[
              {
                validator: (_, end: dayjs.Dayjs | null | undefined) =>
                  end && start && end.isBefore(start, "day")
                    ? Promise.reject(new Error("公示结束日期不能早于开始日期"))
                    : Promise.resolve(),
              },
            ]}
          >
            <DatePicker placeholder="默认按设置" style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface DecideValues {
  decision: "upheld" | "revoked";
  reason: string;
}

/** The decision on a 申诉: 维持 (the entry shows again) or 撤销 (it comes off), with a reason the appellant reads. */
export function DecideAppealForm({ entryId, onDone }: { entryId: number; onDone?: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const moveError = useBoardMoveError();
  const refresh = useRefreshBoard();
  const [form] = Form.useForm<DecideValues>();
  const decide = useMutation(
    trpc.board.decideAppeal.mutationOptions({
      onSuccess: (r) => {
        void message.success(r.state === "withdrawn" ? "申诉成立，已撤销该条目" : "申诉不成立，维持公示");
        form.resetFields();
        void refresh();
        onDone?.();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  return (
    <Form<DecideValues>
      form={form}
      name={`boardDecide${entryId}`}
      layout="vertical"
      onFinish={(v) => decide.mutate({ id: entryId, decision: v.decision, reason: v.reason.trim() })}
    >
      <Form.Item label="处理决定" name="decision" rules={[{ required: true, message: "请选择维持或撤销" }]}>
        <Radio.Group
          options={[
            { value: "upheld", label: "维持（申诉不成立）" },
            { value: "revoked", label: "撤销（申诉成立）" },
          ]}
        />
      </Form.Item>
      <Form.Item label="处理意见" name="reason" rules={reasonRules("处理意见")}>
        <Input.TextArea rows={3} maxLength={BOARD_REASON_MAX} placeholder="告知申诉人的处理意见" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={decide.isPending}>
        提交处理决定
      </Button>
    </Form>
  );
}
