import { useRef, useState } from "react";
import { App, Button, Card, Progress, Space, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import type { LedgerInfo } from "@chuangcheng/domain/rules";
import { fetchLedger, LedgerError, saveBlob, sizeText, type LedgerProgress } from "./ledger-fetch";

/**
 * One 台账: its columns, what the period selects, and 导出 with a progress bar while the file arrives
 * (rows announced by the server, bytes received so far); saved under the server's file name.
 */
export function LedgerCard({
  info,
  unitId,
  period,
  disabledReason,
}: {
  info: LedgerInfo;
  unitId: number | undefined;
  period: { from: string; to: string } | null;
  /** why 导出 is unavailable (no permission, a unit of the wrong kind), or null */
  disabledReason: string | null;
}) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<LedgerProgress | null>(null);
  const [running, setRunning] = useState(false);
  const stop = useRef<AbortController | null>(null);
  const titleId = `ledger-${info.kind}-title`;
  const missing = unitId === undefined ? "请先选择单位" : period === null ? "请先选择期间" : null;
  const reason = disabledReason ?? missing;

  async function run() {
    if (unitId === undefined || period === null) return;
    const controller = new AbortController();
    stop.current = controller;
    setRunning(true);
    setProgress(null);
    try {
      const file = await fetchLedger({ kind: info.kind, unitId, ...period }, setProgress, controller.signal);
      saveBlob(file.blob, file.fileName);
      void message.success(`已导出${info.title}，共${file.rows}条`);
    } catch (error) {
      if (controller.signal.aborted) {
        setProgress(null);
        void message.info("已取消导出");
      } else {
        setProgress(null);
        void message.error(error instanceof LedgerError ? error.message : "导出失败，请检查网络后重试");
      }
    } finally {
      setRunning(false);
      stop.current = null;
    }
  }

  const percent = progress ? Math.round(progress.share * 100) : 0;
  return (
    <Card
      size="small"
      title={<span id={titleId}>{info.title}</span>}
      extra={info.zip ? <Tag color="blue">含照片（zip）</Tag> : <Tag>Excel</Tag>}
      style={{ height: "100%" }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {info.periodNote}
      </Typography.Paragraph>
      <div aria-label={`${info.title}的列`} style={{ marginBottom: 12 }}>
        {info.columns.map((c) => (
          <Tag key={c.header} style={{ marginBottom: 4 }}>
            {c.header}
          </Tag>
        ))}
      </div>
      <Space wrap align="center">
        <Button
          type="primary"
          icon={<DownloadOutlined aria-hidden />}
          onClick={() => void run()}
          loading={running}
          disabled={reason !== null}
          aria-describedby={reason ? `${titleId}-reason` : undefined}
          aria-label={`导出${info.title}`}
        >
          导出
        </Button>
        {running && (
          <Button onClick={() => stop.current?.abort()} aria-label={`取消导出${info.title}`}>
            取消
          </Button>
        )}
        {reason && (
          <Typography.Text type="secondary" id={`${titleId}-reason`}>
            {reason}
          </Typography.Text>
        )}
      </Space>
      {progress && (
        <div style={{ marginTop: 12 }}>
          <Progress
            percent={percent}
            status={progress.done ? "success" : "active"}
            aria-label={`${info.title}导出进度`}
          />
          <Typography.Text type="secondary" role="status">
            {progress.done
              ? `已完成：共${progress.rows ?? 0}条，${sizeText(progress.bytes)}`
              : `正在导出：共${progress.rows ?? 0}条，已接收 ${sizeText(progress.bytes)}`}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
