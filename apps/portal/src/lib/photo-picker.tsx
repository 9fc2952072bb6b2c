import { useEffect, useId, useRef, type Dispatch, type SetStateAction } from "react";
import ConfigProvider, { useConfig } from "antd-mobile/es/components/config-provider";
import ImageUploader from "antd-mobile/es/components/image-uploader";
import ImageViewer from "antd-mobile/es/components/image-viewer";
import ProgressBar from "antd-mobile/es/components/progress-bar";
import Toast from "antd-mobile/es/components/toast";
import CloseOutline from "antd-mobile-icons/es/CloseOutline";
import { uploadPhoto, type PhotoRef } from "@chuangcheng/client";
import { MAX_PHOTOS_PER_ITEM } from "@chuangcheng/domain/rules";
import "./photo-picker.css";

/** One photo in the picker: shown at once from the phone, uploaded in the background. */
export interface PickedPhoto {
  key: string;
  /** the picture on the phone (a blob: URL), shown while and after it uploads */
  preview: string;
  status: "uploading" | "done" | "failed";
  /** 0–100 */
  percent: number;
  /** the stored photo once uploaded: its id is what the form submits */
  ref: PhotoRef | null;
  /** why it failed, from the server (文件不是有效的图片 …) */
  error: string | null;
  file: File;
}

/** The ids a form submits (`photos`): the uploaded ones, in the order shown. */
export const photoIdsOf = (photos: readonly PickedPhoto[]) =>
  photos.flatMap((p) => (p.ref ? [p.ref.id] : []));
/** True while a photo is still on its way: the form waits (提交 disabled or a message). */
export const photosUploading = (photos: readonly PickedPhoto[]) =>
  photos.some((p) => p.status === "uploading");
export const photosFailed = (photos: readonly PickedPhoto[]) => photos.some((p) => p.status === "failed");

interface PhotoPickerProps {
  photos: PickedPhoto[];
  onPhotosChange: Dispatch<SetStateAction<PickedPhoto[]>>;
  /** at most this many (9) */
  max?: number;
  /** open the camera straight away (a patrol); otherwise the phone offers camera or album */
  camera?: boolean;
  /** the visible label; leave out inside a Form.Item that has its own */
  label?: string;
  disabled?: boolean;
}

let keySeq = 0;

/**
 * 照片 for a form on the phone (随手拍, patrols, rectification): take or pick up to 9 pictures, each
 * shown at once, shrunk and uploaded in the background with its progress; remove one (删除) or try a
 * failed one again (重试) before submitting. The parent holds the list (useState) and submits
 * photoIdsOf(list), waiting while photosUploading(list).
 */
export function PhotoPicker({
  photos,
  onPhotosChange,
  max = MAX_PHOTOS_PER_ITEM,
  camera = false,
  label,
  disabled = false,
}: PhotoPickerProps) {
  const { locale } = useConfig();
  const labelId = useId();
  const hintId = useId();
  const uploads = useRef(new Map<string, AbortController>());
  const previews = useRef(new Set<string>());

  // Leaving the page stops uploads still running and frees the pictures held for the previews.
  useEffect(() => {
    const running = uploads.current;
    const urls = previews.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const update = (key: string, change: Partial<PickedPhoto>) =>
    onPhotosChange((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  function start(key: string, file: File) {
    const controller = new AbortController();
    uploads.current.set(key, controller);
    uploadPhoto(file, { signal: controller.signal, onProgress: (percent) => update(key, { percent }) })
      .then((ref) => update(key, { status: "done", percent: 100, ref, error: null }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        update(key, {
          status: "failed",
          error: error instanceof Error ? error.message : "照片上传失败，请重试",
        });
      })
      .finally(() => uploads.current.delete(key));
  }

  function remove(key: string) {
    uploads.current.get(key)?.abort();
    const gone = photos.find((p) => p.key === key);
    if (gone) {
      URL.revokeObjectURL(gone.preview);
      previews.current.delete(gone.preview);
    }
    onPhotosChange((list) => list.filter((p) => p.key !== key));
  }

  function add(file: File) {
    const key = `photo-${++keySeq}`;
    const preview = URL.createObjectURL(file);
    previews.current.add(preview);
    onPhotosChange((list) => [
      ...list,
      { key, preview, status: "uploading", percent: 0, ref: null, error: null, file },
    ]);
    start(key, file);
  }

  function retry(photo: PickedPhoto) {
    update(photo.key, { status: "uploading", percent: 0, error: null });
    start(photo.key, photo.file);
  }

  const failed = photos.filter((p) => p.status === "failed");
  const done = photos.filter((p) => p.status === "done").length;
  return (
    <div
      className="photo-picker"
      role="group"
      aria-labelledby={label ? labelId : undefined}
      aria-label={label ? undefined : "照片"}
      aria-describedby={hintId}
    >
      {label && (
        <div className="photo-picker-label" id={labelId}>
          {label}
        </div>
      )}
      {/* The file input's accessible name comes from the locale: 添加照片 rather than 上传. */}
      <ConfigProvider locale={{ ...locale, ImageUploader: { ...locale.ImageUploader, upload: "添加照片" } }}>
        <ImageUploader
          value={photos.map((p) => ({ key: p.key, url: p.preview }))}
          // The list is kept here (upload adds, the delete buttons below remove), not by the uploader.
          onChange={() => undefined}
          // Each picked file is taken over here and refused to the uploader (null), so that it never
          // shows its own cell for it (no alt text, no progress): the cells below are ours.
          beforeUpload={(file, files) => {
            const room = max - photos.length;
            const index = files.indexOf(file);
            if (index >= room) {
              if (index === room)
                Toast.show({ content: `最多上传 ${max} 张照片，已略去 ${files.length - room} 张` });
              return null;
            }
            add(file);
            return null;
          }}
          upload={() => Promise.reject(new Error("photos are uploaded by PhotoPicker"))}
          accept="image/*"
          capture={camera ? "environment" : undefined}
          multiple={!camera}
          disableUpload={disabled}
          showUpload={!disabled && photos.length < max}
          renderItem={(_origin, item) => {
            const index = photos.findIndex((p) => p.key === item.key);
            const photo = photos[index];
            if (!photo) return null;
            const n = index + 1;
            return (
              <div key={photo.key} className="adm-image-uploader-cell photo-picker-cell">
                <button
                  type="button"
                  className="photo-picker-view"
                  aria-label={`查看第${n}张照片`}
                  onClick={() =>
                    ImageViewer.Multi.show({ images: photos.map((p) => p.preview), defaultIndex: index })
                  }
                >
                  <img src={photo.preview} alt={`第${n}张照片`} />
                </button>
                {photo.status === "uploading" && (
                  <div className="photo-picker-mask">
                    <ProgressBar
                      percent={photo.percent}
                      aria-hidden
                      style={{ "--track-width": "4px", "--fill-color": "#fff" }}
                    />
                    <span>上传中 {photo.percent}%</span>
                  </div>
                )}
                {photo.status === "failed" && (
                  <div className="photo-picker-mask photo-picker-failed">
                    <span>上传失败</span>
                    <button type="button" onClick={() => retry(photo)} aria-label={`重新上传第${n}张照片`}>
                      重试
                    </button>
                  </div>
                )}
                {!disabled && (
                  <button
                    type="button"
                    className="photo-picker-delete"
                    aria-label={`删除第${n}张照片`}
                    onClick={() => remove(photo.key)}
                  >
                    <CloseOutline aria-hidden />
                  </button>
                )}
              </div>
            );
          }}
        />
      </ConfigProvider>
      <div className="photo-picker-hint" id={hintId} aria-live="polite">
        {photosUploading(photos)
          ? `正在上传… 已完成 ${done}/${photos.length} 张`
          : `${camera ? "点 + 拍照" : "点 + 拍照或从相册选择"}，最多 ${max} 张（已添加 ${photos.length} 张）`}
      </div>
      {failed.length > 0 && (
        <div role="alert">
          <ul className="photo-picker-errors">
            {failed.map((p) => (
              <li key={p.key}>
                第{photos.indexOf(p) + 1}张：{p.error}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
