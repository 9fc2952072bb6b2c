import { isTRPCClientError, type TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@chuangcheng/domain";

/** Shown for a failure that is no answer of the server (the call never got through). */
export const NETWORK_MESSAGE = "网络连接失败，请检查网络后重试";
/** Shown for an answer of the server that carries no message. */
export const FAILED_MESSAGE = "操作失败";

/** The Chinese message of any failed call, for places that have no form. */
export function errorMessage(error: unknown, failedMessage: string = FAILED_MESSAGE): string {
  if (isServerAnswer(error)) return error.message || failedMessage;
  return NETWORK_MESSAGE;
}

/**
 * A failure the server answered (it carries the error shape's `data`). tRPC also wraps a failed
 * fetch ("Failed to fetch") in a TRPCClientError, with no data: that is a network failure.
 */
function isServerAnswer(error: unknown): error is TRPCClientError<AppRouter> {
  return isTRPCClientError<AppRouter>(error) && error.data !== undefined && error.data !== null;
}

export interface SplitServerErrorsOptions {
  /** Server field name -> form field name, where they differ. */
  fieldMap?: Record<string, string> | undefined;
  /**
   * A known form field that shows the messages naming no known field (e.g. the password field of the
   * login form shows the throttling message). Without it, those messages stay in `rest`.
   */
  fallbackField?: string | undefined;
  /** The message of an answer that carries none (see `errorMessage`). */
  failedMessage?: string | undefined;
}

export interface FieldMessages {
  /** The form field's name, with "." between the parts of a nested name ("address.unitId"). */
  name: string;
  errors: string[];
}

export interface SplitServerErrors {
  /** Messages to show beside known form fields: one entry a field, each message once. */
  fields: FieldMessages[];
  /** Messages for a toast, each once, in order. */
  rest: string[];
}

const unique = (messages: string[]) => [...new Set(messages)];

/**
 * Sorts a failed call's messages into those shown beside a form's fields and the rest. A BAD_REQUEST
 * carries `error.data.fieldErrors` (server field -> Chinese messages, from zod or a domain rule):
 * each goes beside its field (after `fieldMap`) when the form has it, and into `rest` otherwise. An
 * answer without field errors contributes its message; a failure that is no answer of the server,
 * the network message (never put beside `fallbackField`).
 */
export function splitServerErrors(
  error: unknown,
  knownFields: Iterable<string>,
  opts: SplitServerErrorsOptions = {},
): SplitServerErrors {
  if (!isServerAnswer(error) || !isTRPCClientError<AppRouter>(error))
    return { fields: [], rest: [NETWORK_MESSAGE] };
  const { fieldMap = {}, fallbackField, failedMessage } = opts;
  const known = new Set(knownFields);
  const fieldErrors = error.data?.fieldErrors ?? null;
  const fields = new Map<string, string[]>();
  const rest: string[] = [];
  for (const [serverField, messages] of Object.entries(fieldErrors ?? {})) {
    const name = fieldMap[serverField] ?? serverField;
    if (known.has(name)) fields.set(name, [...(fields.get(name) ?? []), ...messages]);
    else rest.push(...messages);
  }
  if (!fieldErrors || Object.keys(fieldErrors).length === 0) rest.push(errorMessage(error, failedMessage));
  if (fallbackField && known.has(fallbackField) && rest.length > 0) {
    fields.set(fallbackField, [...(fields.get(fallbackField) ?? []), ...rest.splice(0)]);
  }
  return {
    fields: [...fields].map(([name, errors]) => ({ name, errors: unique(errors) })),
    rest: unique(rest),
  };
}
