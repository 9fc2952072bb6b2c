import { useState } from "react";
import { App, Button, Card, Empty, Form, Image, List, Popconfirm, Space } from "antd";
import { DeleteOutlined, FileTextOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { CampaignDetail } from "./campaign-types";
import {
  DocumentUpload,
  documentIdsOfUploads,
  documentsPending,
  type UploadedDocument,
} from "./evidence-document-upload";
import { byteSizeText } from "./evidence-types";

// 活动文件: the campaign's own 实施方案, 工作方案 and pictures (a 动员大会). Whoever sees the campaign
// downloads them; its admins add and remove them.

interface Values {
  documents?: UploadedDocument[];
  photos?: UploadedPhoto[];
}

export function CampaignDocumentsCard({
  campaign,
  canManage,
}: {
  campaign: CampaignDetail;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const documents = Form.useWatch("documents", form);
  const photos = Form.useWatch("photos", form);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaign.detail.pathKey() });
  const add = useMutation(
    trpc.campaign.addDocuments.mutationOptions({
      onSuccess: async () => {
        await refresh();
        void message.success("活动文件已保存");
        form.resetFields();
        setAdding(false);
      },
      onError: (error) => showError(error, { form }),
    }),
  );
  const remove = useMutation(
    trpc.campaign.removeDocument.mutationOptions({
      onSuccess: async () => {
        await refresh();
        void message.success("已删除");
      },
      onError: (error) => showError(error),
    }),
  );
  const empty = campaign.documents.length === 0 && campaign.pictures.length === 0;

  return (
    <Card
      size="small"
      title="活动文件"
      data-testid="campaign-documents"
      extra={
        canManage &&
        !adding && (
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setAdding(true)}>
            上传活动文件
          </Button>
        )
      }
    >
      {adding && (
        <Form<Values>
          form={form}
          name="campaignDocuments"
          layout="vertical"
          onFinish={(v) =>
            add.mutate({
              id: campaign.id,
              documents: documentIdsOfUploads(v.documents),
              photos: photoIdsOfUploads(v.photos),
            })
          }
        >
          <Form.Item
            name="documents"
            label="实施方案等文件"
            extra="如创建工作实施方案、任务分解表、会议纪要"
            valuePropName="value"
          >
            <DocumentUpload />
          </Form.Item>
          <Form.Item name="photos" label="照片" valuePropName="value">
            <PhotoUpload />
          </Form.Item>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              loading={add.isPending}
              disabled={documentsPending(documents) || uploadsPending(photos)}
            >
              保存
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setAdding(false);
              }}
            >
              取消
            </Button>
          </Space>
        </Form>
      )}
      {empty && !adding ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={canManage ? "还没有活动文件，可上传实施方案等" : "还没有活动文件"}
        />
      ) : (
        <>
          {campaign.documents.length > 0 && (
            <List
              size="small"
              dataSource={campaign.documents}
              renderItem={(d) => (
                <List.Item
                  actions={
                    canManage
                      ? [
                          <Popconfirm
                            key="remove"
                            title={`删除“${d.name}”？`}
                            okText="删除"
                            cancelText="取消"
                            onConfirm={() =>
                              remove
                                .mutateAsync({ id: campaign.id, kind: "document", fileId: d.id })
                                .catch(() => undefined)
                            }
                          >
                            <Button
                              type="text"
                              danger
                              icon={<DeleteOutlined aria-hidden />}
                              aria-label={`删除 ${d.name}`}
                            />
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <a href={d.url} download={d.name}>
                    <FileTextOutlined aria-hidden /> {d.name}
                  </a>
                  <span className="campaign-document-size">（{byteSizeText(d.byteSize)}）</span>
                </List.Item>
              )}
            />
          )}
          {campaign.pictures.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap style={{ marginTop: 8 }}>
                {campaign.pictures.map((p, i) => (
                  <Space key={p.id} orientation="vertical" size={2} align="center">
                    <Image
                      width={96}
                      height={72}
                      src={p.thumbUrl}
                      preview={{ src: p.url }}
                      alt={`活动照片 ${i + 1}`}
                    />
                    {canManage && (
                      <Popconfirm
                        title="删除这张照片？"
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() =>
                          remove
                            .mutateAsync({ id: campaign.id, kind: "photo", fileId: p.id })
                            .catch(() => undefined)
                        }
                      >
                        <Button size="small" type="link" danger aria-label={`删除活动照片 ${i + 1}`}>
                          删除
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
        </>
      )}
    </Card>
  );
}
