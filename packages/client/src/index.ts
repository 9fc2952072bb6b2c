// Browser entry: no Vite, no React, no domain runtime (the domain is imported for its types only).
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
