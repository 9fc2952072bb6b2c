import { useCallback } from "react";
import { App, type FormInstance } from "antd";
import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "./trpc";

type MessageApi = ReturnType<typeof App.useApp>["message"];

export interface ServerErrorOptions {
  /** The form whose fields get the server's per-field messages. */
  form?: FormInstance | undefined;
  /** A field that shows messages that name no field (e.g. the password field of the login form). */
  fallbackField?: string | undefined;
  /** Server field name -> form field name, where they differ. */
  fieldMap?: Record<string, string> | undefined;
}

const NETWORK_MESSAGE = "网络连接失败，请检查网络后重试";

/** The Chinese message of any failed call, for places that have no form. */
export function errorMessage(error: unknown): string {
  if (isTRPCClientError<AppRouter>(error)) return error.message || "操作失败";
  return NETWORK_MESSAGE;
}

/**
 * Shows a failed call to the user: each of the server's field errors beside its form field
 * (`error.data.fieldErrors`, field -> messages), and whatever names no field of the form in a toast.
 */
export function showServerError(error: unknown, message: MessageApi, opts: ServerErrorOptions = {}): void {
  const { form, fallbackField, fieldMap = {} } = opts;
  if (!isTRPCClientError<AppRouter>(error)) {
    void message.error(NETWORK_MESSAGE);
    return;
  }
  const fieldErrors = error.data?.fieldErrors ?? null;
  const known = new Set(form ? form.getFieldsError().map((f) => f.name.join(".")) : []);
  const shown: { name: string; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const [serverField, messages] of Object.entries(fieldErrors ?? {})) {
    const name = fieldMap[serverField] ?? serverField;
    if (known.has(name)) shown.push({ name, errors: messages });
    else rest.push(...messages);
  }
  if (!fieldErrors) rest.push(error.message || "操作失败");
  if (form && fallbackField && known.has(fallbackField) && rest.length > 0) {
    shown.push({ name: fallbackField, errors: rest.splice(0) });
  }
  if (form && shown.length > 0) {
    form.setFields(shown.map((f) => ({ name: f.name.split("."), errors: f.errors })));
  }
  if (rest.length > 0) void message.error([...new Set(rest)].join("；"));
}

/** `showError(error, { form })` with the app's message API bound. */
export function useShowError() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, opts?: ServerErrorOptions) => showServerError(error, message, opts),
    [message],
  );
}
