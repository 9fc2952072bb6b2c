import {
  ageOn,
  ageRule,
  ID_NUMBER_MESSAGES,
  parseIdNumber,
  type IdNumberInfo,
} from "@chuangcheng/domain/rules";

/** The server's wording for under-14s, shown beside the 身份证号 before the resident submits. */
export const UNDER_14_MESSAGE = "未满14周岁，请由监护人陪同到社区办公室登记";

export type IdNumberCheck =
  /** Empty, or digits still being typed: nothing to say yet. */
  | { state: "incomplete" }
  | { state: "invalid"; message: string }
  | { state: "valid"; info: IdNumberInfo; age: number; rule: "refused" | "guardian" | "adult" };

/**
 * The 身份证号 as the resident types it, read with the domain's own rules (GB 11643 check character,
 * a real birth date not after `today`, a China date) so the form says what the server would say.
 */
export function checkIdNumber(raw: string, today: string): IdNumberCheck {
  const id = raw.trim().toUpperCase();
  if (id.length < 18) {
    return /^\d*$/.test(id)
      ? { state: "incomplete" }
      : { state: "invalid", message: ID_NUMBER_MESSAGES.format };
  }
  const parsed = parseIdNumber(id, today);
  if (!parsed.ok) return { state: "invalid", message: ID_NUMBER_MESSAGES[parsed.error] };
  const age = ageOn(parsed.info.birthDate, today);
  return { state: "valid", info: parsed.info, age, rule: ageRule(age) };
}

/** The form rule's verdict: the message to show beside the field, or null when it may be submitted. */
export function idNumberProblem(raw: string, today: string): string | null {
  if (!raw.trim()) return "请输入身份证号";
  const check = checkIdNumber(raw, today);
  if (check.state === "incomplete") return ID_NUMBER_MESSAGES.length;
  if (check.state === "invalid") return check.message;
  return check.rule === "refused" ? UNDER_14_MESSAGE : null;
}
