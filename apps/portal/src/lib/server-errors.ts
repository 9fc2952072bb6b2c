import Toast from "antd-mobile/es/components/toast";
import type { FormInstance } from "antd-mobile/es/components/form";
import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "./trpc";

export interface ServerErrorOptions {
  /** The form whose fields get the server's per-field messages. */
  form?: FormInstance | undefined;
  /**
   * A form field that shows the messages naming no field of the form (e.g. the password field of
   * the login form shows the throttling message). Without it, those messages go to a toast.
   */
  fallbackField?: string | undefined;
  /** Server field name -> form field name, where they differ. */
  fieldMap?: Record<string, string> | undefined;
}

const NETWORK_MESSAGE = "网络连接失败，请检查网络后重试";

/** The Chinese message of any failed call, for places that have no form. */
export function errorMessage(error: unknown): string {
  if (isTRPCClientError<AppRouter>(error)) return error.message || "操作失败，请稍后重试";
  return NETWORK_MESSAGE;
}

export function toastError(message: string): void {
  Toast.show({ icon: "fail", content: message, duration: 3000 });
}

/**
 * Shows a failed call to the resident: each of the server's field errors (BAD_REQUEST carries
 * `error.data.fieldErrors`, field -> Chinese messages) beside its form field via form.setFields,
 * and whatever names no field of the form in a toast (or beside `fallbackField`).
 */
export function showServerError(error: unknown, opts: ServerErrorOptions = {}): void {
  const { form, fallbackField, fieldMap = {} } = opts;
  if (!isTRPCClientError<AppRouter>(error)) {
    toastError(NETWORK_MESSAGE);
    return;
  }
  const fieldErrors = error.data?.fieldErrors ?? null;
  const known = new Set(form ? form.getFieldsError().map((f) => f.name.join(".")) : []);
  const shown = new Map<string, string[]>();
  const rest: string[] = [];
  for (const [serverField, messages] of Object.entries(fieldErrors ?? {})) {
    const name = fieldMap[serverField] ?? serverField;
    if (known.has(name)) shown.set(name, [...(shown.get(name) ?? []), ...messages]);
    else rest.push(...messages);
  }
  if (!fieldErrors || Object.keys(fieldErrors).length === 0) rest.push(error.message || "操作失败，请稍后重试");
  if (fallbackField && known.has(fallbackField) && rest.length > 0) {
    shown.set(fallbackField, [...(shown.get(fallbackField) ?? []), ...rest.splice(0)]);
  }
  if (form && shown.size > 0) {
    form.setFields([...shown].map(([name, errors]) => ({ name: name.split("."), errors: [...new Set(errors)] })));
  }
  if (rest.length > 0) toastError([...new Set(rest)].join("；"));
}
