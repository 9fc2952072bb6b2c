// Browser entry: no Vite, no React, and of the domain only its types and its browser-safe rules.
export { createApiClient, errorCode, shouldRetry, type ApiError, type AppRouter } from "./api.js";
export {
  errorMessage,
  splitServerErrors,
  FAILED_MESSAGE,
  NETWORK_MESSAGE,
  type FieldMessages,
  type SplitServerErrors,
  type SplitServerErrorsOptions,
} from "./server-errors.js";
export { createQueryClient, type AppQueryClientOptions } from "./query-client.js";
export {
  APP_TIME_ZONE,
  chinaTime,
  formatTime,
  chinaToday,
  greeting,
  clockText,
  dateTimeText,
  timeRangeText,
  activityTimeText,
  birthDateText,
  pickerToIso,
  isoToPicker,
} from "./time.js";
export { hoursText, percentText } from "./numbers.js";
export {
  uploadPhoto,
  shrinkPhoto,
  shrinkTarget,
  keepAsIs,
  uploadErrorMessage,
  PhotoUploadError,
  SHRINK_QUALITY,
  UPLOAD_URL,
  UPLOAD_NETWORK_MESSAGE,
  type PhotoRef,
  type UploadOptions,
} from "./photo-upload.js";
export { bellLabel, bellBadge, NOTIFICATION_POLL_MS } from "./notifications.js";
export { pageTitle, matchesRoute, type TitledRoute } from "./page-title.js";
export { mobileRules, mobileProblem, passwordProblem, resetCodeRules, type FieldRule } from "./form-rules.js";
export {
  passwordChangeInput,
  smsResetInput,
  sendCodeToFormMobile,
  resendCodeLabel,
  RESEND_CODE_AFTER_SECONDS,
  CODE_SENT_MESSAGE,
  PASSWORD_RESET_MESSAGE,
  type PasswordChangeValues,
  type SmsResetValues,
} from "./password-forms.js";
