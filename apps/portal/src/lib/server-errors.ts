import Toast from "antd-mobile/es/components/toast";
import type { FormInstance } from "antd-mobile/es/components/form";
import {
  errorMessage as messageOf,
  splitServerErrors,
  type SplitServerErrorsOptions,
} from "@chuangcheng/client";

/** The portal's words for an answer that carries no message. */
const FAILED_MESSAGE = "操作失败，请稍后重试";

export interface ServerErrorOptions extends Pick<SplitServerErrorsOptions, "fieldMap" | "fallbackField"> {
  /** The form whose fields get the server's per-field messages. */
  form?: FormInstance | undefined;
}

/** The Chinese message of any failed call, for places that have no form. */
export function errorMessage(error: unknown): string {
  return messageOf(error, FAILED_MESSAGE);
}

export function toastError(message: string): void {
  Toast.show({ icon: "fail", content: message, duration: 3000 });
}

/**
 * Shows a failed call to the resident: each of the server's field errors (BAD_REQUEST carries
 * `error.data.fieldErrors`, field -> Chinese messages) beside its form field via form.setFields,
 * and whatever names no field of the form in a toast (or beside `fallbackField`, e.g. the password
 * field of the login form shows the throttling message).
 */
export function showServerError(error: unknown, opts: ServerErrorOptions = {}): void {
  const { form, fieldMap, fallbackField } = opts;
  const known = form ? form.getFieldsError().map((f) => f.name.join(".")) : [];
  const { fields, rest } = splitServerErrors(error, known, {
    fieldMap,
    fallbackField,
    failedMessage: FAILED_MESSAGE,
  });
  if (form && fields.length > 0) {
    form.setFields(fields.map((f) => ({ name: f.name.split("."), errors: f.errors })));
  }
  if (rest.length > 0) toastError(rest.join("；"));
}
