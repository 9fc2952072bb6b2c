// The forms that set a password, as both apps have them: 修改密码, the forced change of a temporary
// password and 短信验证码找回. Pure: no React (the countdown hook is in ./react).

/** A form with the current (or temporary) password, a new one and its repetition. */
export interface PasswordChangeValues {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** What auth.changePassword takes from such a form: the repetition stays in the form. */
export function passwordChangeInput(v: PasswordChangeValues) {
  return { oldPassword: v.oldPassword, newPassword: v.newPassword };
}

/** 短信验证码找回: the mobile, the code sent to it, a new password and its repetition. */
export interface SmsResetValues {
  mobile: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/** What auth.resetPasswordWithCode takes from that form. */
export function smsResetInput(v: SmsResetValues) {
  return { mobile: v.mobile.trim(), code: v.code.trim(), newPassword: v.newPassword };
}

/**
 * Asks for a code once the form's mobile passes its rules; otherwise the field shows what is wrong.
 * `form` is an antd or antd-mobile form.
 */
export async function sendCodeToFormMobile(
  form: { validateFields(names: ["mobile"]): Promise<{ mobile: string }> },
  send: (mobile: string) => void,
): Promise<void> {
  let mobile: string;
  try {
    ({ mobile } = await form.validateFields(["mobile"]));
  } catch {
    return; // the mobile field shows what is wrong
  }
  send(mobile.trim());
}

/** The server sends one code a minute to a number (auth/reset-code.ts): the button waits as long. */
export const RESEND_CODE_AFTER_SECONDS = 60;

/** Said whether or not the number has an account: the answer gives nothing away. */
export const CODE_SENT_MESSAGE = "如该手机号已注册，验证码短信已发送，10分钟内有效";

export const PASSWORD_RESET_MESSAGE = "密码已重置，请用新密码登录";

/** The button that asks for a code: "获取验证码", or how long until it may be asked for again. */
export function resendCodeLabel(secondsLeft: number): string {
  return secondsLeft > 0 ? `${secondsLeft}秒后重发` : "获取验证码";
}
