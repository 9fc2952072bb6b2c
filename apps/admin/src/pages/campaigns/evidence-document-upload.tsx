import { Button, Upload, type UploadFile, type UploadProps } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { UploadStatus } from "../../lib/photo-upload";
import { byteSizeText, DOCUMENT_ACCEPT, documentProblem, type DocumentRef } from "./evidence-types";

// Documents of a piece of evidence (a 方案, a 总结, a 台账 workbook): PDF, DOCX or XLSX up to 20 MB,
// each uploaded as it is added (POST /api/documents, multipart field `file`, the session's cookie) and
// checked by the server by its content. The browser checks the name and the size first, to spare a
// 20 MB upload the server would refuse.

const DOCUMENT_URL = "/api/documents";
const MAX_DOCUMENTS = 9;

export type UploadedDocument = UploadFile<DocumentRef>;

/** The ids a form submits (`documents`): the uploaded ones, in the order shown. */
export const documentIdsOfUploads = (files: readonly UploadedDocument[] = []) =>
  files.flatMap((f) => (f.status === "done" && f.response ? [f.response.id] : []));
export const documentsPending = (files: readonly UploadedDocument[] = []) =>
  files.some((f) => f.status === "uploading");

/** The server's `error` when it sent one, else a sentence by status. */
function answerMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string" && parsed.error !== "") return parsed.error;
  } catch {
    // not JSON (a proxy's error page): fall through
  }
  if (status === 0) return "网络异常，文件未能上传，请重试";
  if (status === 401) return "登录已失效，请重新登录后再上传";
  if (status === 404) return "暂不支持上传文件，请先上传照片";
  if (status === 413) return "文件超过 20MB，请压缩或拆分后再上传";
  return "文件上传失败，请稍后重试";
}

function uploadDocument(
  file: File,
  opts: { onProgress: (percent: number) => void; signal: AbortSignal },
): Promise<DocumentRef> {
  const form = new FormData();
  form.append("file", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", DOCUMENT_URL);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) opts.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as DocumentRef);
          return;
        } catch {
          // fall through to the error below
        }
      }
      reject(new Error(answerMessage(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error(answerMessage(0, "")));
    xhr.onabort = () => reject(new Error("已取消上传"));
    opts.signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

interface DocumentUploadProps {
  /** Form.Item passes value, onChange and id */
  value?: UploadedDocument[];
  onChange?: (files: UploadedDocument[]) => void;
  id?: string;
  disabled?: boolean;
}

/** 上传文件: a button, then the list of files with their size, progress and the server's word on each. */
export function DocumentUpload({ value = [], onChange, id, disabled = false }: DocumentUploadProps) {
  const customRequest: UploadProps<DocumentRef>["customRequest"] = ({
    file,
    onProgress,
    onSuccess,
    onError,
  }) => {
    const controller = new AbortController();
    const problem = documentProblem(file as File);
    if (problem) {
      onError?.(new Error(problem));
      return { abort: () => undefined };
    }
    uploadDocument(file as File, {
      signal: controller.signal,
      onProgress: (percent) => onProgress?.({ percent }),
    })
      .then((ref) => onSuccess?.(ref))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) onError?.(error instanceof Error ? error : new Error(String(error)));
      });
    return { abort: () => controller.abort() };
  };
  return (
    <div>
      <Upload<DocumentRef>
        id={id}
        accept={DOCUMENT_ACCEPT}
        multiple
        maxCount={MAX_DOCUMENTS}
        disabled={disabled}
        fileList={value}
        customRequest={customRequest}
        progress={{ "aria-label": "上传进度", size: 2, showInfo: false }}
        onChange={({ fileList }) =>
          onChange?.(
            fileList.map((f) =>
              f.status === "done" && f.response
                ? {
                    ...f,
                    url: f.response.url,
                    name: `${f.response.name}（${byteSizeText(f.response.byteSize)}）`,
                  }
                : f,
            ),
          )
        }
      >
        {value.length < MAX_DOCUMENTS && (
          <Button icon={<UploadOutlined aria-hidden />} disabled={disabled}>
            上传文件
          </Button>
        )}
      </Upload>
      <UploadStatus files={value} idle="PDF、Word（.docx）、Excel（.xlsx），每个不超过 20MB" />
    </div>
  );
}
