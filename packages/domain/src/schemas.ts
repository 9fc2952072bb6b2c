import { z } from "zod";
import { MOBILE_MESSAGE, MOBILE_PATTERN, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./auth/rules.js";
import { isCalendarDate } from "./problem/rules.js";
import {
  COMMON_PASSWORD_MESSAGE,
  REPEATED_PASSWORD_MESSAGE,
  isCommonPassword,
  isRepeatedCharacter,
} from "./auth/common-passwords.js";

// Shared field schemas. Every message names its field, in Chinese, because it is shown beside that field.
z.config(z.locales.zhCN());

export const mobileSchema = z
  .string({ error: "请输入手机号" })
  .trim()
  .regex(MOBILE_PATTERN, { error: MOBILE_MESSAGE });

/**
 * A password being set. Length first (aborting, so a short one gets one message); then the ones a
 * guesser tries first. Whether it uses the account's mobile is checked where the mobile is known.
 */
export const newPasswordSchema = z
  .string({ error: "请输入密码" })
  .min(PASSWORD_MIN_LENGTH, { error: `密码至少${PASSWORD_MIN_LENGTH}位`, abort: true })
  .max(PASSWORD_MAX_LENGTH, { error: `密码最多${PASSWORD_MAX_LENGTH}位`, abort: true })
  .refine((p) => !isRepeatedCharacter(p), { error: REPEATED_PASSWORD_MESSAGE, abort: true })
  .refine((p) => !isCommonPassword(p), { error: COMMON_PASSWORD_MESSAGE });

export const personNameSchema = z
  .string({ error: "请输入姓名" })
  .trim()
  .min(1, { error: "请输入姓名" })
  .max(20, { error: "姓名最多20个字" });

export function idSchema(label: string) {
  return z
    .number({ error: `请选择${label}` })
    .int({ error: `${label}无效` })
    .positive({ error: `${label}无效` });
}

export const pageSchema = {
  page: z.number({ error: "页码无效" }).int().min(1, { error: "页码无效" }).default(1),
  pageSize: z.number({ error: "每页条数无效" }).int().min(1).max(100, { error: "每页最多100条" }).default(20),
};

/** Text of at most `max` characters as people count them (an emoji is one), trimmed. */
export function textSchema(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .refine((v) => Array.from(v).length <= max, { error: `${label}最多${max}字` });
}

/** Text that must be given: "请填写标题" when empty. */
export const requiredText = (label: string, max: number, verb = "请填写") =>
  textSchema(label, max).refine((v) => v.length > 0, { error: `${verb}${label}` });

export const optionalText = (label: string, max: number) => textSchema(label, max).nullable().optional();

/** A China calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const calendarDateSchema = (label: string) =>
  z
    .string({ error: `${label}格式不正确` })
    .refine(isCalendarDate, { error: `${label}格式不正确，应为 年-月-日` });
