// React hooks both apps share. A separate entry (@chuangcheng/client/react), so that the main one
// stays free of React; the apps' Vite settings (./vite.ts) make this use the app's own React.
import { useEffect, useState } from "react";
import { RESEND_CODE_AFTER_SECONDS, resendCodeLabel } from "./password-forms.js";

/**
 * The wait before another verification code may be asked for: `start()` when one was sent; `label`
 * is the button's text and `waiting` whether it is disabled.
 */
export function useResendCountdown(seconds = RESEND_CODE_AFTER_SECONDS) {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return { waiting: left > 0, label: resendCodeLabel(left), start: () => setLeft(seconds) };
}
