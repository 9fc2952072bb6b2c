import { useState } from "react";
import { Alert, App, Button, Form, Modal, Radio, Table, Upload, type UploadFile } from "antd";
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { readFileAsBase64 } from "../../lib/download";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useDownload } from "../../lib/use-download";

// 导入测评体系: a city's own 测评体系 in the columns of the export. The server checks every row before it
// writes any; a sheet with errors shows them by line and column, and nothing has changed.

interface Values {
  mode: "append" | "replace";
  file?: UploadFile[];
}
interface RowError {
  line: number;
  column: string;
  message: string;
}

export function ChecklistImportModal(props: {
  campaignId: number;
  communityId: number;
  onClose: () => void;
}) {
  const { campaignId, communityId, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { download, pending } = useDownload();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [reading, setReading] = useState(false);
  const run = useMutation(
    trpc.campaign.importChecklist.mutationOptions({
      onSuccess: async (res) => {
        if (!res.imported) {
          setErrors(res.errors);
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
        const gone = [
          res.removed > 0 && `删除 ${res.removed} 项`,
          res.archived > 0 && `归档 ${res.archived} 项（已有材料）`,
        ]
          .filter(Boolean)
          .join("，");
        void message.success(`已导入 ${res.added} 项${gone ? `，${gone}` : ""}`);
        onClose();
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
      run.mutate({ campaignId, communityId, mode: v.mode, fileBase64: await readFileAsBase64(file) });
    } catch {
      form.setFields([{ name: "file", errors: ["无法读取该文件"] }]);
    } finally {
      setReading(false);
    }
  };

  return (
    <Modal
      open
      title="导入测评体系"
      width={720}
      onCancel={onClose}
      okText="导入"
      cancelText="取消"
      okButtonProps={{ loading: reading || run.isPending, htmlType: "submit", form: "checklistImport" }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        id="checklistImport"
        name="checklistImport"
        layout="vertical"
        initialValues={{ mode: "append" }}
        onFinish={submit}
      >
        <Form.Item label="导入方式" name="mode">
          <Radio.Group
            options={[
              { value: "append", label: "追加到现有测评项之后" },
              { value: "replace", label: "替换现有测评项（已有材料的项归档保留）" },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="Excel 文件"
          name="file"
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, message: "请选择要导入的 Excel 文件" }]}
          extra="列：测评项目、测评内容、测评标准、测评方式、分值、所需材料、测量指标（可不填）"
        >
          <Upload accept=".xlsx" beforeUpload={() => false} maxCount={1}>
            <Button icon={<UploadOutlined aria-hidden />}>选择文件</Button>
          </Upload>
        </Form.Item>
        <Button
          type="link"
          icon={<DownloadOutlined aria-hidden />}
          loading={pending === "template"}
          onClick={() =>
            void download("template", () =>
              queryClient.fetchQuery(trpc.campaign.checklistTemplate.queryOptions()),
            )
          }
        >
          下载导入模板
        </Button>
      </Form>
      {errors && (
        <>
          <Alert
            type="error"
            showIcon
            style={{ margin: "12px 0" }}
            title={`表格有 ${errors.length} 处错误，未导入任何内容。请改正后重新导入。`}
          />
          <Table<RowError>
            size="small"
            rowKey={(e) => `${e.line}-${e.column}`}
            pagination={false}
            scroll={{ y: 280 }}
            dataSource={errors}
            columns={[
              { title: "行号", dataIndex: "line", key: "line", width: 70 },
              { title: "列", dataIndex: "column", key: "column", width: 100 },
              { title: "问题", dataIndex: "message", key: "message" },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
