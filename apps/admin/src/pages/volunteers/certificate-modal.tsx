import { useState } from "react";
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { formatTime } from "@chuangcheng/client";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

// 开具志愿服务证明 from the roster's drawer: the period, what the certificate would certify (confirmed
// hours and activities, computed by the server), PDF / Word downloads (each issues a certificate,
// recorded in the 操作日志, unless one for the same period and hours stands), and the certificates
// issued so far with 撤销 and its reason.

type Issued = {
  id: number;
  code: string;
  periodStart: string;
  periodEnd: string;
  hours: number;
  issuedAt: string;
  issuedByName: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
};

const DAY = "YYYY-MM-DD";

function chinaToday(): Dayjs {
  const text = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  return dayjs(text);
}

/** Lets the browser save the file the server sends as an attachment. */
function saveFrom(url: string) {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

const fileUrl = (id: number, format: "pdf" | "docx") => `/api/certificates/${id}.${format}`;

export function CertificateModal({
  volunteerId,
  name,
  onClose,
}: {
  volunteerId: number;
  name: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const today = chinaToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf("year"), today]);
  const [revoking, setRevoking] = useState<Issued | null>(null);
  const [reason, setReason] = useState("");
  const period = { volunteerId, periodStart: range[0].format(DAY), periodEnd: range[1].format(DAY) };
  const preview = useQuery({ ...trpc.volunteer.certificatePreview.queryOptions(period), retry: false });
  const issued = useQuery(trpc.volunteer.certificates.queryOptions({ volunteerId }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.certificates.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
  const issue = useMutation(trpc.volunteer.issueCertificate.mutationOptions());
  const revoke = useMutation(
    trpc.volunteer.revokeCertificate.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRevoking(null);
        setReason("");
        void message.success("证明已撤销，核验页将显示“已撤销”");
      },
      onError: (error) => showError(error),
    }),
  );

  const get = async (format: "pdf" | "docx") => {
    const p = preview.data;
    if (!p) return;
    const same = issued.data?.items.find(
      (c) =>
        !c.revokedAt && c.periodStart === p.periodStart && c.periodEnd === p.periodEnd && c.hours === p.hours,
    );
    try {
      const id = same?.id ?? (await issue.mutateAsync(period)).id;
      if (!same) await refresh();
      saveFrom(fileUrl(id, format));
    } catch (error) {
      showError(error);
    }
  };

  const columns: TableColumnsType<Issued> = [
    {
      title: "验证码",
      dataIndex: "code",
      key: "code",
      render: (c: string) => <span className="mono">{c}</span>,
    },
    { title: "期间", key: "period", render: (_, c) => `${c.periodStart} 至 ${c.periodEnd}` },
    { title: "时长", dataIndex: "hours", key: "hours", width: 80, render: (h: number) => `${h} 小时` },
    {
      title: "开具",
      key: "issued",
      width: 150,
      render: (_, c) => `${formatTime(c.issuedAt, "YYYY-MM-DD HH:mm")} ${c.issuedByName ?? ""}`,
    },
    {
      title: "状态",
      key: "state",
      width: 190,
      render: (_, c) =>
        c.revokedAt ? (
          <Space orientation="vertical" size={0}>
            <Tag color="red">已撤销</Tag>
            <Typography.Text type="secondary">{c.revokeReason}</Typography.Text>
          </Space>
        ) : (
          <Space size={4} wrap>
            <a href={fileUrl(c.id, "pdf")} download>
              PDF
            </a>
            <a href={fileUrl(c.id, "docx")} download>
              Word
            </a>
            <Button size="small" danger onClick={() => setRevoking(c)}>
              撤销
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Modal
      title={`开具志愿服务证明 · ${name}`}
      open
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnHidden
    >
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        <Space wrap>
          <span>证明期间</span>
          <DatePicker.RangePicker
            aria-label="证明期间"
            value={range}
            allowClear={false}
            disabledDate={(d) => d.isAfter(today, "day")}
            presets={[
              { label: "今年", value: [today.startOf("year"), today] },
              {
                label: "去年",
                value: [today.subtract(1, "year").startOf("year"), today.subtract(1, "year").endOf("year")],
              },
            ]}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
        {preview.isError && <Typography.Text type="danger">{errorMessage(preview.error)}</Typography.Text>}
        {preview.data && (
          <>
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: "hours", label: "已确认时长", children: `${preview.data.hours} 小时` },
                { key: "count", label: "服务次数", children: `${preview.data.activities.length} 次` },
                { key: "id", label: "身份证号", children: preview.data.idNumber },
                { key: "star", label: "星级", children: preview.data.star },
              ]}
            />
            <Space>
              <Button
                type="primary"
                icon={<DownloadOutlined aria-hidden />}
                disabled={preview.data.activities.length === 0}
                loading={issue.isPending}
                onClick={() => void get("pdf")}
              >
                下载PDF
              </Button>
              <Button
                icon={<DownloadOutlined aria-hidden />}
                disabled={preview.data.activities.length === 0}
                loading={issue.isPending}
                onClick={() => void get("docx")}
              >
                下载Word
              </Button>
              {preview.data.activities.length === 0 && (
                <Typography.Text type="secondary">该期间没有已确认的服务时长，不能开具证明</Typography.Text>
              )}
            </Space>
          </>
        )}
        <div>
          <Typography.Title level={5}>已开具的证明</Typography.Title>
          <Table<Issued>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={issued.data?.items ?? []}
            loading={issued.isPending}
            pagination={false}
            locale={{ emptyText: "还没有开具过证明" }}
          />
        </div>
      </Space>
      <Modal
        title="撤销志愿服务证明"
        open={revoking !== null}
        okText="撤销"
        okButtonProps={{ danger: true, disabled: reason.trim() === "", loading: revoke.isPending }}
        cancelText="取消"
        onCancel={() => setRevoking(null)}
        onOk={() => revoking && revoke.mutate({ id: revoking.id, reason: reason.trim() })}
      >
        <p>撤销后，扫码核验将显示“已撤销”，该证明不能再下载。验证码 {revoking?.code}</p>
        <Input.TextArea
          aria-label="撤销原因"
          placeholder="撤销原因（必填）"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Modal>
  );
}
