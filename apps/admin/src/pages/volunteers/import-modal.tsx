import { useEffect, useState } from "react";
import {
  Alert,
  App,
  Button,
  Form,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from "antd";
import { ArrowRightOutlined, DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { useCommunities } from "../../lib/communities";
import { downloadServerFile, readFileAsBase64 } from "../../lib/download";
import { useShowError } from "../../lib/server-errors";
import { errorCode, useTRPC, type ImportPreview, type ImportResult } from "../../lib/trpc";

interface Values {
  communityId?: number;
  file?: UploadFile[];
}

type RowError = ImportPreview["errors"][number];
type RowUpdate = ImportPreview["updates"][number];
type RowSkipped = ImportPreview["skipped"][number];
type FieldChange = RowUpdate["changes"][number];

/** The file and 社区 a preview was made of: the confirmation sends the same again. */
interface Previewed {
  input: { communityId: number; fileBase64: string };
  preview: ImportPreview;
}

/**
 * 导入 in two steps: choose a 社区 and an .xlsx made from the template, see what it would do (新增, 更新
 * field by field, 未变, 跳过, 错误), then 确认导入. The server checks every row; one bad row imports
 * nothing. Records residents registered on the portal are skipped: the admin edits them in the roster.
 */
export function ImportModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const { managedOptions } = useCommunities();
  const [form] = Form.useForm<Values>();
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  // One 社区 to manage: it is chosen already, also when the units arrive after the dialog opened.
  const onlyCommunity = managedOptions.length === 1 ? managedOptions[0]!.value : undefined;
  useEffect(() => {
    if (onlyCommunity !== undefined && form.getFieldValue("communityId") === undefined) {
      form.setFieldValue("communityId", onlyCommunity);
    }
  }, [form, onlyCommunity]);

  const preview = useMutation(
    trpc.volunteer.importPreview.mutationOptions({
      onSuccess: (res, input) => {
        setConflict(null);
        setPreviewed({ input, preview: res });
      },
      onError: (error) => showError(error, { form, fieldMap: { fileBase64: "file" } }),
    }),
  );
  // What it changed is refreshed by the query client (every list showing volunteers, the 操作日志).
  const confirm = useMutation(
    trpc.volunteer.importConfirm.mutationOptions({
      onSuccess: (res) => {
        setResult(res);
        void message.success(`导入完成：新增${res.imported}人、更新${res.updated}人`);
      },
      onError: (error) => {
        if (errorCode(error) === "CONFLICT") setConflict(error.message);
        else showError(error);
      },
    }),
  );

  const submit = async (v: Values) => {
    const file = v.file?.[0]?.originFileObj;
    if (!file || !v.communityId) return;
    setReading(true);
    try {
      const fileBase64 = await readFileAsBase64(file);
      preview.mutate({ communityId: v.communityId, fileBase64 });
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

  const changeColumns = [
    { title: "字段", dataIndex: "field", key: "field", width: 96 },
    { title: "修改前", dataIndex: "before", key: "before" },
    { title: "", key: "to", width: 32, render: () => <ArrowRightOutlined aria-label="改为" /> },
    { title: "修改后", dataIndex: "after", key: "after" },
  ];
  const updateColumns = [
    { title: "行号", dataIndex: "line", key: "line", width: 70 },
    { title: "姓名", dataIndex: "name", key: "name", width: 110 },
    {
      title: "修改",
      key: "fields",
      render: (_: unknown, u: RowUpdate) => u.changes.map((c) => c.field).join("、"),
    },
  ];
  const skippedColumns = [
    { title: "行号", dataIndex: "line", key: "line", width: 70 },
    { title: "姓名", dataIndex: "name", key: "name", width: 110 },
    { title: "说明", dataIndex: "note", key: "note" },
  ];

  const p = previewed?.preview;
  const back = () => {
    setPreviewed(null);
    setConflict(null);
  };
  const footer = result
    ? [
        <Button key="done" type="primary" onClick={onClose}>
          完成
        </Button>,
      ]
    : previewed && p
      ? [
          <Button key="back" onClick={back} disabled={confirm.isPending}>
            返回修改
          </Button>,
          <Button
            key="confirm"
            type="primary"
            disabled={p.errorCount > 0 || conflict !== null}
            loading={confirm.isPending}
            onClick={() => confirm.mutate({ ...previewed.input, previewToken: p.previewToken })}
          >
            确认导入
          </Button>,
        ]
      : [
          <Button key="cancel" onClick={onClose}>
            取消
          </Button>,
          <Button
            key="preview"
            type="primary"
            loading={reading || preview.isPending}
            onClick={() => form.submit()}
          >
            预览
          </Button>,
        ];

  return (
    <Modal title="导入志愿者" open width={760} footer={footer} onCancel={onClose}>
      <div hidden={previewed !== null}>
        <Typography.Paragraph type="secondary">
          {"请使用“下载导入模板”得到的表格填写，每行一人。先预览再确认：新的志愿者直接为“已注册”，" +
            "社区导入过的人更新有变化的资料；居民本人在居民端登记的资料不会被覆盖。只要有一行有误，整个文件都不导入。"}
        </Typography.Paragraph>
        <Form<Values>
          form={form}
          name="importVolunteers"
          layout="vertical"
          initialValues={{ communityId: onlyCommunity }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            label="导入到社区"
            name="communityId"
            rules={[{ required: true, message: "请选择社区" }]}
          >
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
              <Button icon={<UploadOutlined aria-hidden />}>选择文件</Button>
            </Upload>
          </Form.Item>
        </Form>
      </div>
      {p && (
        <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="import-preview">
          <Space wrap size={4} data-testid="import-summary">
            <Tag color="green">新增 {p.new}</Tag>
            <Tag color="blue">更新 {p.updated}</Tag>
            <Tag>未变 {p.unchanged}</Tag>
            <Tag color="orange">跳过 {p.skippedCount}</Tag>
            <Tag color={p.errorCount > 0 ? "red" : undefined}>错误 {p.errorCount}</Tag>
          </Space>
          {result && (
            <Alert
              type="success"
              showIcon
              data-testid="import-result"
              title={`导入完成：新增${result.imported}人、更新${result.updated}人、未变${result.unchanged}人、跳过${result.skipped}人`}
            />
          )}
          {conflict && !result && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-conflict"
              title={conflict}
              action={
                <Button
                  size="small"
                  loading={preview.isPending}
                  onClick={() => preview.mutate(previewed!.input)}
                >
                  重新预览
                </Button>
              }
            />
          )}
          {!result && p.errorCount === 0 && (
            <Typography.Text type="secondary">
              {p.new + p.updated > 0
                ? "请核对下列变化，确认无误后点击“确认导入”。"
                : "文件中的人员资料与系统一致，导入不会改变任何资料。"}
            </Typography.Text>
          )}
          {p.errorCount > 0 && (
            <>
              <Alert
                type="error"
                showIcon
                data-testid="import-errors"
                title={`发现 ${p.errorCount} 处问题，不能导入`}
                description="请按下表修改文件，再点击“返回修改”重新选择文件预览。"
                action={
                  p.errorReportBase64 && (
                    <Button
                      size="small"
                      icon={<DownloadOutlined aria-hidden />}
                      onClick={() =>
                        downloadServerFile({
                          fileName: "志愿者导入错误报告.xlsx",
                          base64: p.errorReportBase64!,
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
                dataSource={p.errors}
                pagination={p.errors.length > 8 ? { pageSize: 8, size: "small" } : false}
                footer={
                  p.errorCount > p.errors.length
                    ? () => `仅列出前 ${p.errors.length} 处，完整列表请下载错误报告`
                    : undefined
                }
              />
            </>
          )}
          {p.updates.length > 0 && (
            <Table<RowUpdate>
              data-testid="import-updates"
              title={() => `更新 ${p.updated} 人（展开查看每个字段的修改）`}
              rowKey="line"
              size="small"
              columns={updateColumns}
              dataSource={p.updates}
              expandable={{
                defaultExpandAllRows: p.updates.length <= 5,
                expandedRowRender: (u) => (
                  <Table<FieldChange>
                    rowKey="field"
                    size="small"
                    columns={changeColumns}
                    dataSource={u.changes}
                    pagination={false}
                  />
                ),
              }}
              pagination={p.updates.length > 8 ? { pageSize: 8, size: "small" } : false}
              footer={p.updated > p.updates.length ? () => `仅列出前 ${p.updates.length} 人` : undefined}
            />
          )}
          {p.skipped.length > 0 && (
            <Table<RowSkipped>
              data-testid="import-skipped"
              title={() => `跳过 ${p.skippedCount} 人`}
              rowKey="line"
              size="small"
              columns={skippedColumns}
              dataSource={p.skipped}
              pagination={p.skipped.length > 8 ? { pageSize: 8, size: "small" } : false}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
