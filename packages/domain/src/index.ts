// The public API of the 创城通 domain. See README.md for an example of using it without HTTP.
export { appRouter, createCaller, type AppRouter } from "./root.js";
export { createCallerFactory } from "./trpc.js";
export {
  createContextInner,
  createContextInner as createContext,
  type AuthSession,
  type Context,
  type ContextInner,
  type SessionCookies,
} from "./context.js";
export {
  openDatabase,
  dialectOf,
  isPostgresUrl,
  createPostgresPool,
  type Db,
  type DatabaseKind,
  type OpenDatabaseOptions,
} from "./db/open-database.js";
export { writeWatchOf, type SqliteReaders, type WriteWatch } from "./db/sqlite-driver.js";
export { openSqliteReader, type SqliteReadConnection } from "./db/sqlite-reader.js";
export { migrateToLatest, schemaVersion, ping } from "./db/migrate.js";
export { whileHoldingLock } from "./db/locks.js";
export { keysReadStoredData } from "./secrets/key-check.js";
export {
  backupDatabase,
  restoreDatabase,
  listBackups,
  BackupError,
  BACKUP_KEEP_DEFAULT,
  type BackupResult,
  type RestoreResult,
} from "./db/backup.js";
export {
  copyDatabase,
  openSqliteSource,
  CopyRefused,
  type CopyOptions,
  type CopyProgress,
  type CopyResult,
} from "./db/copy-database.js";
export type * from "./db/database.js";
export { toJson, fromJson, type JsonText, type JsonColumn } from "./db/json.js";
export { TABLE_OWNERS, FEATURES, type Feature } from "./db/table-owners.js";
export { resolveSession, createSession, SESSION_COOKIE, SESSION_TTL_MS } from "./auth/session-service.js";
export { ensureSystemAdmin } from "./seed/bootstrap.js";
export { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-data.js";
export { seedDemoVolunteers } from "./seed/demo-volunteers.js";
export { seedDemoProblems } from "./seed/demo-problems.js";
export { seedDemoBoard } from "./seed/demo-board.js";
export { seedDemoCampaign } from "./seed/demo-campaign.js";
export { BoardCache } from "./board/board-cache.js";
export { createAggregateCache, AGGREGATE_TTL_MS, type AggregateCache } from "./aggregate-cache.js";
export type { BoardBasis } from "./board/board-public.js";
export { eraseExpiredBoardEntries, type ErasureCounts } from "./board/board-retention.js";
export { sendDutyReminders } from "./campaign/duty-reminders.js";
export { sendTaskDigests, digestDue, DIGEST_HOUR } from "./task/task-digest.js";
export {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationError,
  UnauthorizedError,
  ThrottledError,
} from "./errors.js";
export * from "./rules.js";
export * from "./auth/auth-schemas.js";
export { mobileSchema, newPasswordSchema, personNameSchema } from "./schemas.js";
export { usesMobile, MOBILE_PASSWORD_MESSAGE } from "./auth/common-passwords.js";
export { REGISTRATIONS_PER_HOUR } from "./auth/throttle.js";
export { hashPassword, verifyPassword } from "./auth/password.js";
export { consoleSms, recordingSms, type SmsSender, type SentSms } from "./auth/sms.js";
export {
  deriveDataKeys,
  generateMasterKey,
  MASTER_KEY_BYTES,
  encryptField,
  decryptField,
  blindIndex,
  type DataKeys,
} from "./secrets/data-keys.js";
export { idNumberIndex } from "./volunteer/volunteer-service.js";
export {
  storeUpload,
  attachFiles,
  detachFiles,
  filesOf,
  photoRefOf,
  photoRefSchema,
  photoIdsSchema,
  MAX_PENDING_UPLOADS,
  type PhotoRef,
} from "./files/files-service.js";
export { removeUnattachedFiles, UNATTACHED_TTL_MS } from "./files/files-cleanup.js";
// MAX_UPLOAD_BYTES, MAX_EDGE, THUMB_EDGE, MAX_PHOTOS_PER_ITEM and TOO_LARGE come with the rules (browser-safe).
export { processPhoto, MAX_INPUT_PIXELS } from "./files/image-processing.js";
export { localDiskStorage, type FileStorage } from "./files/storage.js";
export { FILE_OWNER_TYPES, type FileOwnerType } from "./files/owner-types.js";
export { fileForViewer, type FileAccessRule, type FileAccessRules, type ServableFile } from "./files/file-viewing.js";
export { FILE_ACCESS_RULES, servableFile, servableDocument } from "./file-access.js";
export {
  storeDocument,
  attachDocuments,
  detachDocuments,
  documentsOf,
  documentRefSchema,
  documentIdsSchema,
  MAX_DOCUMENTS_PER_ITEM,
  type DocumentRef,
  type ServableDocument,
} from "./files/documents-service.js";
export { sniffDocument, checkDocument } from "./files/document-type.js";
export {
  ledgerPlan,
  recordLedgerDownload,
  LEDGER_INDEX_NAME,
  type LedgerEntry,
  type LedgerPlan,
} from "./campaign/campaign-ledger.js";
export { notify, deleteNotificationsOf, type Notice } from "./notification/notification-service.js";
export {
  certificateDocument,
  verifyUrlOf,
  type CertificateDocument,
} from "./volunteer/certificate-service.js";
export { certificatePdf } from "./volunteer/certificate-pdf.js";
export { certificateDocx } from "./volunteer/certificate-docx.js";
export {
  certificateFont,
  certificateFontFile,
  parseCertificateFont,
  MissingFontError,
  MISSING_FONT_MESSAGE,
} from "./volunteer/certificate-fonts.js";
export {
  openLedger,
  recordLedgerExport,
  writeLedgerXlsx,
  isLedgerKind,
  type OpenedLedger,
} from "./report/ledger-export.js";
export { checkPeriod as checkLedgerPeriod, type LedgerCell, type LedgerPhoto } from "./report/ledger-common.js";
export { buildSummaryDocx, largeSummaryDocument } from "./report/summary-docx.js";
export { generateSummary, summaryDocx } from "./report/summary-service.js";
export { streetDashboard } from "./report/dashboard-service.js";
export { OFFLOAD_TASKS, inlineOffload, type Offload, type OffloadTask, type OffloadTasks } from "./offload.js";
