import { useRef, useState, type PointerEvent } from "react";
import { App, Button, Grid, Modal, Space, Spin, Typography } from "antd";
import { CloseOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import type { PhotoRef } from "@chuangcheng/client";
import { useTRPC } from "../../lib/trpc";
import { useBoardMoveError, useRefreshBoard } from "./board-modals";
import {
  MAX_REGIONS,
  isTooSmall,
  pictureBox,
  pointOn,
  regionBetween,
  regionStyle,
  regionsToSave,
  type Point,
  type Region,
} from "./mosaic-regions";

// The console's mosaic tool (照片打码): the admin drags rectangles over faces and licence plates on a
// photo of an entry; board.mosaicPhoto pixelates them into a new version of the photo, which takes the
// original's place on the entry (the original stays, for staff only), and the photos must be confirmed
// again before the entry can be published.

interface Drag {
  pointerId: number;
  from: Point;
  to: Point;
}

const boxStyle = {
  position: "absolute",
  boxSizing: "border-box",
  background: "rgba(22, 119, 255, 0.28)",
  border: "2px solid #1677ff",
} as const;

export function MosaicModal({
  entryId,
  photo,
  onClose,
}: {
  entryId: number;
  photo: PhotoRef;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const wide = Grid.useBreakpoint().md !== false;
  const { message } = App.useApp();
  const moveError = useBoardMoveError();
  const refresh = useRefreshBoard();
  const image = useRef<HTMLImageElement>(null);
  const [loaded, setLoaded] = useState(false);
  const [broken, setBroken] = useState(false);
  const [regions, setRegions] = useState<Region[]>([]);
  const [drag, setDrag] = useState<Drag | null>(null);
  const toSave = regionsToSave(regions);
  const full = regions.length >= MAX_REGIONS;

  const save = useMutation(
    trpc.board.mosaicPhoto.mutationOptions({
      onSuccess: () => {
        void message.success("已保存打码后的照片，请再次确认照片已打码");
        void refresh();
        onClose();
      },
      onError: (error) => moveError(error),
    }),
  );

  /** The pointer as fractions of the photo as it is shown (scaled to fit). */
  const at = (e: PointerEvent): Point | null => {
    const img = image.current;
    if (!img) return null;
    const box = pictureBox(img.getBoundingClientRect(), {
      width: img.naturalWidth,
      height: img.naturalHeight,
    });
    return pointOn(box, e.clientX, e.clientY);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    // A box's own 删除 button is not the start of a drag; nor is a right click.
    if ((e.target as Element).closest("button")) return;
    if (e.pointerType === "mouse" && e.button !== 0) return;
    const p = at(e);
    if (!loaded || full || !p || save.isPending) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ pointerId: e.pointerId, from: p, to: p });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = at(e);
    if (drag && p && e.pointerId === drag.pointerId) setDrag({ ...drag, to: p });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const region = regionBetween(drag.from, at(e) ?? drag.to);
    setDrag(null);
    if (!isTooSmall(region)) setRegions((rs) => [...rs, region]);
  };
  const drawing = drag ? regionBetween(drag.from, drag.to) : null;

  return (
    <Modal
      title="照片打码"
      open
      onCancel={onClose}
      maskClosable={false}
      width={wide ? 920 : "100%"}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: "flex-end" }}>
          <Button disabled={regions.length === 0} onClick={() => setRegions((rs) => rs.slice(0, -1))}>
            撤销
          </Button>
          <Button disabled={regions.length === 0} onClick={() => setRegions([])}>
            清除全部
          </Button>
          <Button onClick={onClose}>取消</Button>
          <Button
            type="primary"
            disabled={toSave.length === 0}
            loading={save.isPending}
            onClick={() => save.mutate({ id: entryId, fileId: photo.id, regions: toSave })}
          >
            保存打码
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        拖动鼠标框选人脸、车牌等需要遮挡的区域
        <Typography.Text type="secondary">
          {regions.length > 0 ? `（已框选 ${regions.length} 处）` : ""}
          {full ? `，一次最多 ${MAX_REGIONS} 处` : ""}
        </Typography.Text>
      </Typography.Paragraph>
      <div
        style={{
          background: "#f0f0f0",
          borderRadius: 6,
          padding: 8,
          display: "flex",
          justifyContent: "center",
          minHeight: 200,
          alignItems: "center",
        }}
      >
        {!loaded && !broken && <Spin />}
        {broken && <Typography.Text type="danger">照片加载失败，请关闭后重试</Typography.Text>}
        <div
          data-testid="mosaic-surface"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
          style={{
            position: "relative",
            display: loaded ? "inline-block" : "none",
            lineHeight: 0,
            // Touch draws a box instead of scrolling the page.
            touchAction: "none",
            userSelect: "none",
            cursor: full ? "not-allowed" : "crosshair",
          }}
        >
          <img
            ref={image}
            src={photo.url}
            alt="待打码的照片"
            draggable={false}
            onLoad={() => setLoaded(true)}
            onError={() => setBroken(true)}
            style={{ display: "block", maxWidth: "100%", maxHeight: "62vh" }}
          />
          {regions.map((r, i) => (
            <div key={i} data-testid="mosaic-region" style={{ ...boxStyle, ...regionStyle(r) }}>
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label="删除此区域"
                title="删除此区域"
                onClick={() => setRegions((rs) => rs.filter((_, j) => j !== i))}
                style={{ position: "absolute", top: -11, right: -11 }}
              />
            </div>
          ))}
          {drawing && (
            <div style={{ ...boxStyle, ...regionStyle(drawing), borderStyle: "dashed" }} aria-hidden />
          )}
        </div>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        保存后，条目使用打码后的新照片，原图仅工作人员可见；需再次确认照片已打码后才能公示。
      </Typography.Paragraph>
    </Modal>
  );
}

/**
 * An entry's photos in the drawer: each with its 打码 button for whoever moderates the entry, and the
 * originals a mosaic replaced, to staff only (the server answers them only to those who may see them).
 */
export function BoardPhotos({
  entryId,
  photos,
  originals,
  canMosaic,
}: {
  entryId: number;
  photos: readonly PhotoRef[];
  originals: readonly PhotoRef[];
  canMosaic: boolean;
}) {
  const [editing, setEditing] = useState<PhotoRef | null>(null);
  const thumb = (p: PhotoRef, alt: string, size: number) => (
    <a href={p.url} target="_blank" rel="noreferrer" title="查看大图">
      <img
        src={p.thumbUrl}
        alt={alt}
        width={size}
        height={size}
        loading="lazy"
        style={{ objectFit: "cover", borderRadius: 4, border: "1px solid #d9d9d9", display: "block" }}
      />
    </a>
  );
  return (
    <>
      {photos.length === 0 ? (
        <Typography.Text type="secondary">无</Typography.Text>
      ) : (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 12 }}>
          {photos.map((p, i) => (
            <div key={p.id} style={{ display: "grid", gap: 4, justifyItems: "center" }}>
              {thumb(p, `照片 ${i + 1}`, 96)}
              {canMosaic && (
                <Button size="small" aria-label={`照片 ${i + 1} 打码`} onClick={() => setEditing(p)}>
                  打码
                </Button>
              )}
            </div>
          ))}
        </div>
      )}
      {originals.length > 0 && (
        <section aria-label="原图（仅工作人员可见）" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">原图（仅工作人员可见）</Typography.Text>
          <div style={{ display: "flex", flexWrap: "wrap", gap: 8, marginTop: 4 }}>
            {originals.map((p, i) => (
              <span key={p.id}>{thumb(p, `原图 ${i + 1}`, 64)}</span>
            ))}
          </div>
        </section>
      )}
      {editing && <MosaicModal entryId={entryId} photo={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
