import { useCallback } from "react";
import { App, type FormInstance } from "antd";
import { splitServerErrors, type SplitServerErrorsOptions } from "@chuangcheng/client";

export { errorMessage } from "@chuangcheng/client";

type MessageApi = ReturnType<typeof App.useApp>["message"];

export interface ServerErrorOptions extends Pick<SplitServerErrorsOptions, "fieldMap" | "fallbackField"> {
  /** The form whose fields get the server's per-field messages. */
  form?: FormInstance | undefined;
}

/**
 * Shows a failed call to the user: each of the server's field errors beside its form field
 * (`error.data.fieldErrors`, field -> messages), and whatever names no field of the form in a toast.
 */
export function showServerError(error: unknown, message: MessageApi, opts: ServerErrorOptions = {}): void {
  const { form, fieldMap, fallbackField } = opts;
  const known = form ? form.getFieldsError().map((f) => f.name.join(".")) : [];
  const { fields, rest } = splitServerErrors(error, known, { fieldMap, fallbackField });
  if (form && fields.length > 0) {
    form.setFields(fields.map((f) => ({ name: f.name.split("."), errors: f.errors })));
  }
  if (rest.length > 0) void message.error(rest.join("；"));
}

/** `showError(error, { form })` with the app's message API bound. */
export function useShowError() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, opts?: ServerErrorOptions) => showServerError(error, message, opts),
    [message],
  );
}
