import { maskMobile } from "./rules.js";

/**
 * Sends a text message to a mainland mobile. The domain needs only this to offer a self-service
 * password reset by verification code; a deployment with an SMS account (阿里云短信, 腾讯云短信 …)
 * implements it over the provider's API and hands it to the context (createContextInner({ sms })).
 * With none, the reset goes through the 社区 (an admin issues a temporary password).
 */
export interface SmsSender {
  send(mobile: string, message: string): Promise<void>;
}

/**
 * For development: writes the message to the server log instead of sending it, with the mobile
 * masked ("[SMS to 138****5678] 验证码 123456 …"). The code itself is in the log, so never use it
 * where others read the log.
 */
export function consoleSms(log: (line: string) => void = (line) => console.info(line)): SmsSender {
  return {
    send(mobile, message) {
      log(`[SMS to ${maskMobile(mobile)}] ${message}`);
      return Promise.resolve();
    },
  };
}

export interface SentSms {
  mobile: string;
  message: string;
}

/** For tests: keeps every message; `lastCode(mobile)` reads the 6-digit code of the latest one to `mobile`. */
export function recordingSms(): SmsSender & { sent: SentSms[]; lastCode(mobile: string): string | null } {
  const sent: SentSms[] = [];
  return {
    sent,
    send(mobile, message) {
      sent.push({ mobile, message });
      return Promise.resolve();
    },
    lastCode(mobile) {
      const last = sent.filter((m) => m.mobile === mobile).at(-1);
      return last ? (/\d{6}/.exec(last.message)?.[0] ?? null) : null;
    },
  };
}
