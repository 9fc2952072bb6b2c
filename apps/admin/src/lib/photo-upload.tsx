import { Upload, type UploadFile, type UploadProps } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { PhotoUploadError, uploadPhoto, type PhotoRef } from "@chuangcheng/client";
import { MAX_PHOTOS_PER_ITEM } from "@chuangcheng/domain/rules";

/** One photo in the list: antd's upload item, whose `response` is the stored photo once uploaded. */
export type UploadedPhoto = UploadFile<PhotoRef>;

/** The ids a form submits (`photos`): the uploaded ones, in the order shown. */
export const photoIdsOfUploads = (files: readonly UploadedPhoto[] = []) =>
  files.flatMap((f) => (f.status === "done" && f.response ? [f.response.id] : []));
/** True while a photo is still on its way: the form waits before it submits. */
export const uploadsPending = (files: readonly UploadedPhoto[] = []) =>
  files.some((f) => f.status === "uploading");

interface PhotoUploadProps {
  /** Form.Item passes value and onChange: `<Form.Item name="photos" label="照片"><PhotoUpload /></Form.Item>` */
  value?: UploadedPhoto[];
  onChange?: (files: UploadedPhoto[]) => void;
  /** at most this many (9) */
  max?: number;
  /** open the camera straight away on a phone (a grid worker's patrol) */
  camera?: boolean;
  disabled?: boolean;
  /** the id Form.Item gives its control, so that its label points at the file input */
  id?: string;
}

/**
 * 照片 in the console (patrol problems, rectification reports, evidence): picture cards with progress,
 * 预览 and 删除 before the form is submitted; each picture is shrunk in the browser and uploaded as
 * it is added (uploadPhoto). A refused file shows the server's Chinese message on its card and below.
 */
export function PhotoUpload({
  value = [],
  onChange,
  max = MAX_PHOTOS_PER_ITEM,
  camera = false,
  disabled = false,
  id,
}: PhotoUploadProps) {
  const customRequest: UploadProps<PhotoRef>["customRequest"] = ({
    file,
    onProgress,
    onSuccess,
    onError,
  }) => {
    const controller = new AbortController();
    uploadPhoto(file as File, {
      signal: controller.signal,
      onProgress: (percent) => onProgress?.({ percent }),
    })
      .then((ref) => onSuccess?.(ref))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : "照片上传失败，请重试";
        // The card shows error.message as its tooltip; the list below shows it too.
        onError?.(error instanceof PhotoUploadError ? error : new Error(message));
      });
    return { abort: () => controller.abort() };
  };

  return (
    <div className="photo-upload">
      <Upload<PhotoRef>
        id={id}
        // antd assumes a <button> inside (hasControlInside) and then leaves its own wrapper without a
        // role or tabIndex; the card holds a <div>, so the wrapper itself must be the keyboard's button.
        hasControlInside={false}
        listType="picture-card"
        accept="image/*"
        capture={camera ? "environment" : undefined}
        multiple={!camera}
        maxCount={max}
        disabled={disabled}
        fileList={value}
        customRequest={customRequest}
        // antd's progress bar on each card has no name of its own.
        progress={{ "aria-label": "上传进度", size: 2, showInfo: false }}
        onChange={({ fileList }) =>
          onChange?.(
            // Uploaded pictures are previewed from the server (the stored, upright copy).
            fileList.map((f) =>
              f.status === "done" && f.response
                ? { ...f, url: f.response.url, thumbUrl: f.response.thumbUrl }
                : f,
            ),
          )
        }
      >
        {/* Inside the upload's own button (role="button", focusable), which takes its name from this text. */}
        {value.length < max && !disabled && (
          <div>
            <PlusOutlined aria-hidden />
            <div style={{ marginTop: 8 }}>添加照片</div>
          </div>
        )}
      </Upload>
      <UploadStatus files={value} idle={`最多 ${max} 张，已添加 ${value.length} 张`} />
    </div>
  );
}

/**
 * Under an upload (photos, documents): 正在上传… or `idle`, read out as it changes, and each refused
 * file with the server's (or the browser's) message.
 */
export function UploadStatus({ files, idle }: { files: readonly UploadFile[]; idle: string }) {
  const failed = files.filter((f) => f.status === "error");
  return (
    <>
      <div style={{ marginTop: 4, color: "rgba(0, 0, 0, 0.65)", fontSize: 13 }} aria-live="polite">
        {files.some((f) => f.status === "uploading") ? "正在上传…" : idle}
      </div>
      {failed.length > 0 && (
        <div role="alert">
          <ul style={{ margin: "4px 0 0", paddingLeft: 18, color: "#cf1322" }}>
            {failed.map((f) => (
              <li key={f.uid}>
                {f.name}：{(f.error as Error | undefined)?.message ?? "上传失败"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
