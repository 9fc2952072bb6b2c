import { useState } from "react";
import { Alert, App, Button, Form, Modal, Space, Table, Typography, Upload, type UploadFile } from "antd";
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SupervisionColour, TaskState } from "@chuangcheng/domain/rules";
import { readFileAsBase64 } from "../../lib/download";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { useDownload } from "../../lib/use-download";

// The 任务分解表 as Excel, for the task page's toolbar: 下载模板, 导入任务分解表 (the server checks every
// row and writes nothing while any is wrong: the errors are listed by line and column) and 导出 of the
// tasks the page's filters show.

/** The task page's filters, as its list applies them (colour `none`: tasks without 督办). */
export interface TaskExcelFilter {
  unitId?: number | undefined;
  assigneeId?: number | undefined;
  state?: TaskState | undefined;
  colour?: SupervisionColour | "none" | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  itemId?: number | undefined;
}

/** What task.exportSheet takes for the page's campaign and filters (unset filters left out). */
export function exportInputOf(campaignId: number, f: TaskExcelFilter = {}) {
  return {
    campaignId,
    ...(f.unitId !== undefined && { unitId: f.unitId }),
    ...(f.assigneeId !== undefined && { assigneeUserId: f.assigneeId }),
    ...(f.state !== undefined && { states: [f.state] }),
    ...(f.colour !== undefined && { colours: [f.colour] }),
    ...(f.dueFrom && { dueFrom: f.dueFrom }),
    ...(f.dueTo && { dueTo: f.dueTo }),
    ...(f.itemId !== undefined && { itemId: f.itemId }),
  };
}

export interface ImportRowError {
  line: number;
  column: string;
  message: string;
}

export function TaskExcelButtons(props: {
  campaignId: number;
  filter?: TaskExcelFilter;
  onImported?: () => void;
}) {
  const { campaignId, filter, onImported } = props;
  const client = useTRPCClient();
  const { download, pending } = useDownload();
  const [importing, setImporting] = useState(false);
  return (
    <Space wrap size={8}>
      <Button
        icon={<DownloadOutlined aria-hidden />}
        loading={pending === "template"}
        onClick={() => void download("template", () => client.task.importTemplate.query({ campaignId }))}
      >
        下载模板
      </Button>
      <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
        导入任务分解表
      </Button>
      <Button
        icon={<FileExcelOutlined aria-hidden />}
        loading={pending === "export"}
        onClick={() =>
          void download("export", () => client.task.exportSheet.query(exportInputOf(campaignId, filter)))
        }
      >
        导出
      </Button>
      {importing && (
        <TaskImportModal
          campaignId={campaignId}
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            onImported?.();
          }}
        />
      )}
    </Space>
  );
}

interface Values {
  file?: UploadFile[];
}

function TaskImportModal(props: { campaignId: number; onClose: () => void; onImported: () => void }) {
  const { campaignId, onClose, onImported } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);
  const [reading, setReading] = useState(false);
  const run = useMutation(
    trpc.task.importSheet.mutationOptions({
      onSuccess: async (res) => {
        if (!res.imported) {
          setErrors(res.errors);
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
        void message.success(`已导入 ${res.created} 项任务`);
        onImported();
      },
      onError: (error) => showError(error, { form, fieldMap: { fileBase64: "file" } }),
    }),
  );

  const submit = async (v: Values) => {
    const file = v.file?.[0]?.originFileObj;
    if (!file) return;
    setErrors(null);
    setReading(true);
    try {
      run.mutate({ campaignId, fileBase64: await readFileAsBase64(file) });
    } catch {
      form.setFields([{ name: "file", errors: ["无法读取该文件"] }]);
    } finally {
      setReading(false);
    }
  };

  return (
    <Modal
      open
      title="导入任务分解表"
      width={760}
      onCancel={onClose}
      okText="导入"
      cancelText="取消"
      okButtonProps={{ loading: reading || run.isPending, htmlType: "submit", form: "taskImport" }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {"请使用“下载模板”得到的表格填写，每行一项任务。上级任务填写本表中另一行（可在其后）或本活动已有任务的名称；" +
          "责任人重名时请填写手机号。只要有一行有误，整个表格都不导入。"}
      </Typography.Paragraph>
      <Form<Values> form={form} id="taskImport" name="taskImport" layout="vertical" onFinish={submit}>
        <Form.Item
          label="Excel 文件"
          name="file"
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, message: "请选择要导入的 .xlsx 文件" }]}
          extra="仅支持 .xlsx，不超过5MB、500行"
        >
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={() => false}
            onChange={() => setErrors(null)}
          >
            <Button icon={<UploadOutlined aria-hidden />}>选择文件</Button>
          </Upload>
        </Form.Item>
      </Form>
      {errors && (
        <div data-testid="task-import-errors">
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={`表格有 ${errors.length} 处错误，未导入任何任务。请改正后重新导入。`}
          />
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.line}-${e.column}-${e.message}`}
            pagination={errors.length > 10 ? { pageSize: 10, size: "small" } : false}
            dataSource={errors}
            columns={[
              {
                title: "行",
                dataIndex: "line",
                key: "line",
                width: 60,
                render: (l: number) => (l > 0 ? l : "—"),
              },
              { title: "列", dataIndex: "column", key: "column", width: 110 },
              { title: "问题", dataIndex: "message", key: "message" },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
