import { useEffect } from "react";
import { App, Button, DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import { EVIDENCE_KIND_LABELS, type EvidenceKind } from "@chuangcheng/domain/rules";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import {
  DocumentUpload,
  documentIdsOfUploads,
  documentsPending,
  type UploadedDocument,
} from "./evidence-document-upload";
import "./evidence.css";

const TITLE_MAX = 60;
const NOTE_MAX = 500;
const DATE_FORMAT = "YYYY-MM-DD";

interface Values {
  kind?: EvidenceKind;
  title: string;
  date?: Dayjs;
  note?: string;
  photos: UploadedPhoto[];
  documents: UploadedDocument[];
}

/**
 * 上传材料 for one item: its kind (among those the item needs), 材料名称, the date it is of (not after
 * today), 说明, photos and documents (at least one of them). The server's word on a field is shown
 * beside it.
 */
export function EvidenceForm(props: {
  itemId: number;
  kinds: readonly EvidenceKind[];
  /** after a filing: the item's readiness and the checklist are read again */
  onFiled: () => Promise<unknown>;
}) {
  const { itemId, kinds, onFiled } = props;
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const photos = Form.useWatch("photos", form);
  const documents = Form.useWatch("documents", form);
  const today = chinaToday();
  // "A photo or a document": once said under 照片, a document added since takes it back.
  useEffect(() => {
    if (form.getFieldError("photos").length > 0) void form.validateFields(["photos"]).catch(() => undefined);
  }, [documents, form]);
  const add = useMutation(
    trpc.campaign.addEvidence.mutationOptions({
      onSuccess: async () => {
        form.resetFields();
        await onFiled();
        void message.success("材料已上传");
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  const submit = (v: Values) => {
    if (!v.kind || !v.date) return;
    // `documents` goes along for a server that takes documents (the documents feature); one that does
    // not yet drops the unknown field and asks for a photo.
    const input = {
      itemId,
      kind: v.kind,
      title: v.title.trim(),
      date: v.date.format(DATE_FORMAT),
      note: v.note?.trim() || null,
      photos: photoIdsOfUploads(v.photos),
      documents: documentIdsOfUploads(v.documents),
    };
    add.mutate(input);
  };

  return (
    <Form<Values>
      form={form}
      name={`evidence-${itemId}`}
      layout="vertical"
      initialValues={{
        kind: kinds.length === 1 ? kinds[0] : undefined,
        title: "",
        date: dayjs(today),
        photos: [],
        documents: [],
      }}
      onFinish={submit}
      data-testid="evidence-form"
    >
      <div className="form-row">
        <Form.Item label="材料类型" name="kind" rules={[{ required: true, message: "请选择材料类型" }]}>
          <Select<EvidenceKind>
            placeholder="请选择材料类型"
            options={kinds.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <Form.Item label="材料日期" name="date" rules={[{ required: true, message: "请选择材料日期" }]}>
          <DatePicker
            format={DATE_FORMAT}
            placeholder="年-月-日"
            style={{ width: "100%" }}
            classNames={{ popup: { root: "campaign-date-popup" } }}
            disabledDate={(d) => d.format(DATE_FORMAT) > today}
          />
        </Form.Item>
      </div>
      <Form.Item
        label="材料名称"
        name="title"
        rules={[
          { required: true, whitespace: true, message: "请填写材料名称" },
          { max: TITLE_MAX, message: `材料名称最多${TITLE_MAX}个字` },
        ]}
      >
        <Input maxLength={TITLE_MAX} placeholder="例如：第四季度宣传栏更新照片" />
      </Form.Item>
      <Form.Item label="说明" name="note" rules={[{ max: NOTE_MAX, message: `说明最多${NOTE_MAX}个字` }]}>
        <Input.TextArea rows={2} maxLength={NOTE_MAX} placeholder="选填：地点、内容、参加人数等" />
      </Form.Item>
      <Form.Item
        label="照片"
        name="photos"
        rules={[
          {
            validator: (_, files: UploadedPhoto[] | undefined) =>
              photoIdsOfUploads(files).length > 0 ||
              documentIdsOfUploads(form.getFieldValue("documents") as UploadedDocument[]).length > 0
                ? Promise.resolve()
                : Promise.reject(new Error("请至少上传一张照片或一个文件")),
          },
        ]}
      >
        <PhotoUpload />
      </Form.Item>
      <Form.Item label="文件" name="documents">
        <DocumentUpload />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={add.isPending}
        disabled={uploadsPending(photos) || documentsPending(documents)}
        block
      >
        提交材料
      </Button>
    </Form>
  );
}
