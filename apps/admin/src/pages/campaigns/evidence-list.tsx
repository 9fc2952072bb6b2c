import { App, Button, Empty, Image, Popconfirm, Tag, Typography } from "antd";
import { DeleteOutlined, FileTextOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { EVIDENCE_KIND_LABELS } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { byteSizeText, documentsOf, type FiledEvidence } from "./evidence-types";

/**
 * The evidence filed under an item, newest date first: title, kind, date, note, who filed it and when,
 * the photos (thumbnails, 预览 on a click) and the documents (download links with their size); 删除
 * for those who may file.
 */
export function EvidenceList(props: {
  evidence: readonly FiledEvidence[];
  mayFile: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { evidence, mayFile, onChanged } = props;
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const remove = useMutation(
    trpc.campaign.removeEvidence.mutationOptions({
      onSuccess: async () => {
        await onChanged();
        void message.success("材料已删除");
      },
      onError: (error) => showError(error),
    }),
  );

  if (evidence.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有上传材料" />;
  }
  return (
    <ul className="evidence-list" data-testid="evidence-list">
      {evidence.map((e) => {
        const documents = documentsOf(e);
        return (
          <li key={e.id} className="evidence-entry" aria-label={e.title}>
            <div className="evidence-entry-head">
              <strong>{e.title}</strong>
              <Tag>{EVIDENCE_KIND_LABELS[e.kind]}</Tag>
              <span className="evidence-muted">{e.date}</span>
              {mayFile && (
                <Popconfirm
                  title="删除材料"
                  description={`删除“${e.title}”及其照片和文件？`}
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutateAsync({ id: e.id }).catch(() => undefined)}
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={`删除 ${e.title}`}
                    style={{ marginLeft: "auto" }}
                  >
                    删除
                  </Button>
                </Popconfirm>
              )}
            </div>
            {e.note && <div className="evidence-note">{e.note}</div>}
            {e.photos.length > 0 && (
              <Image.PreviewGroup>
                <div className="evidence-photos">
                  {e.photos.map((p, i) => (
                    <Image
                      key={p.id}
                      src={p.thumbUrl}
                      preview={{ src: p.url }}
                      alt={`${e.title} 照片 ${i + 1}`}
                      width={72}
                      height={72}
                      style={{ objectFit: "cover", borderRadius: 4 }}
                    />
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
            {documents.length > 0 && (
              <ul className="evidence-documents" aria-label={`${e.title} 文件`}>
                {documents.map((d) => (
                  <li key={d.id}>
                    <FileTextOutlined aria-hidden />{" "}
                    <a href={d.url} download={d.name}>
                      {d.name}
                    </a>{" "}
                    <span className="evidence-muted">{byteSizeText(d.byteSize)}</span>
                  </li>
                ))}
              </ul>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.createdBy ? `${e.createdBy.name} 上传于 ` : "上传于 "}
              {formatTime(e.createdAt, "YYYY-MM-DD HH:mm")}
            </Typography.Text>
          </li>
        );
      })}
    </ul>
  );
}
