// Form rules both apps give their fields, in the shape antd and antd-mobile (rc-field-form) both take,
// with the words the server uses for the same mistakes. Pure: no React.
import {
  MOBILE_MESSAGE,
  MOBILE_PATTERN,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "@chuangcheng/domain/rules";

export type FieldRule = { required: true; message: string } | { pattern: RegExp; message: string };

const MOBILE_REQUIRED_MESSAGE = "请输入手机号";

/** 手机号: asked for, and 11 digits from 13-19. */
export const mobileRules: FieldRule[] = [
  { required: true, message: MOBILE_REQUIRED_MESSAGE },
  { pattern: MOBILE_PATTERN, message: MOBILE_MESSAGE },
];

/** The same rules as one check, for a field's own validator: what is wrong with `value`, or null. */
export function mobileProblem(value: string | undefined): string | null {
  if (!value) return MOBILE_REQUIRED_MESSAGE;
  return MOBILE_PATTERN.test(value) ? null : MOBILE_MESSAGE;
}

/** 验证码 of the SMS password reset: 6 digits. */
export const resetCodeRules: FieldRule[] = [
  { required: true, message: "请输入验证码" },
  { pattern: /^\d{6}$/, message: "验证码应为6位数字" },
];

/**
 * A password being set (`label`: 新密码, or 密码 where an account is opened): what is wrong with it
 * before the server's own rules (common passwords, the mobile), or null.
 */
export function passwordProblem(label: string, value: string | undefined): string | null {
  if (!value) return `请输入${label}`;
  if (value.length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (value.length > PASSWORD_MAX_LENGTH) return `密码最多${PASSWORD_MAX_LENGTH}位`;
  return null;
}
