import { useState } from "react";
import {
  Alert,
  App,
  Button,
  Form,
  Modal,
  Select,
  Space,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCommunities } from "../../lib/communities";
import { downloadServerFile, readFileAsBase64 } from "../../lib/download";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type ImportResult } from "../../lib/trpc";

interface Values {
  communityId?: number;
  file?: UploadFile[];
}

type RowError = ImportResult["errors"][number];

/**
 * 导入: an .xlsx made from the template, into one 社区. Every row is checked on the server; one bad row
 * imports nothing, and the problems come back per row with a downloadable report.
 */
export function ImportModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { managedOptions } = useCommunities();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [reading, setReading] = useState(false);

  const importFile = useMutation(
    trpc.volunteer.import.mutationOptions({
      onSuccess: async (res) => {
        setResult(res);
        if (res.errorCount === 0) {
          void message.success(`导入完成：导入${res.imported}人、更新${res.updated}人`);
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
            queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
          ]);
        }
      },
      onError: (error) => showError(error, { form, fieldMap: { fileBase64: "file" } }),
    }),
  );

  const submit = async (v: Values) => {
    const file = v.file?.[0]?.originFileObj;
    if (!file || !v.communityId) return;
    setResult(null);
    setReading(true);
    try {
      const fileBase64 = await readFileAsBase64(file);
      importFile.mutate({ communityId: v.communityId, fileBase64 });
    } catch {
      form.setFields([{ name: "file", errors: ["无法读取该文件"] }]);
    } finally {
      setReading(false);
    }
  };

  const errorColumns = [
    { title: "行号", dataIndex: "line", key: "line", width: 70 },
    { title: "列", dataIndex: "field", key: "field", width: 100 },
    { title: "问题", dataIndex: "message", key: "message" },
  ];

  return (
    <Modal
      title="导入志愿者"
      open
      width={640}
      okText="导入"
      cancelText="关闭"
      confirmLoading={reading || importFile.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        {"请使用“下载导入模板”得到的表格填写，每行一人。导入的志愿者直接为“已注册”；" +
          "身份证号已登记的人会更新资料。只要有一行有误，整个文件都不导入。"}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="importVolunteers"
        layout="vertical"
        initialValues={{ communityId: managedOptions.length === 1 ? managedOptions[0]!.value : undefined }}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => setResult(null)}
      >
        <Form.Item label="导入到社区" name="communityId" rules={[{ required: true, message: "请选择社区" }]}>
          <Select
            placeholder="请选择社区"
            options={managedOptions}
            showSearch={{ optionFilterProp: "label" }}
          />
        </Form.Item>
        <Form.Item
          label="Excel 文件"
          name="file"
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, message: "请选择要导入的 .xlsx 文件" }]}
          extra="仅支持 .xlsx，不超过10MB"
        >
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={() => false}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
        </Form.Item>
      </Form>
      {result && result.errorCount === 0 && (
        <Alert
          type="success"
          showIcon
          title={`导入${result.imported}人、更新${result.updated}人`}
          data-testid="import-result"
        />
      )}
      {result && result.errorCount > 0 && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Alert
            type="error"
            showIcon
            data-testid="import-result"
            title={`发现 ${result.errorCount} 处问题，未导入任何数据`}
            description="请按下表修改文件后重新导入。"
            action={
              result.errorReportBase64 && (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    downloadServerFile({
                      fileName: "志愿者导入错误报告.xlsx",
                      base64: result.errorReportBase64!,
                    })
                  }
                >
                  下载错误报告
                </Button>
              )
            }
          />
          <Table<RowError>
            rowKey={(e) => `${e.line}-${e.field}-${e.message}`}
            size="small"
            columns={errorColumns}
            dataSource={result.errors}
            pagination={result.errors.length > 8 ? { pageSize: 8, size: "small" } : false}
            footer={
              result.errorCount > result.errors.length
                ? () => `仅列出前 ${result.errors.length} 处，完整列表请下载错误报告`
                : undefined
            }
          />
        </Space>
      )}
    </Modal>
  );
}
