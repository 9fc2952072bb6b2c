import { resolve } from "node:path";
import { z } from "zod";
import {
  isPostgresUrl,
  MOBILE_PASSWORD_MESSAGE,
  MOBILE_PATTERN,
  newPasswordSchema,
  REGISTRATIONS_PER_HOUR,
  usesMobile,
} from "@chuangcheng/domain";
import { DEFAULT_OFFLOAD_NICE, defaultPoolSize } from "./worker-pool.js";

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"], { error: "应为 0 或 1" })
  .transform((v) => v === "1" || v === "true" || v === "yes");

/**
 * Readers by default: a few more than cores, so that a short read is not stuck behind two long ones on
 * a 2-core machine (the system time-slices them); each costs a thread and SQLite's page cache (~10 MB).
 */
const DEFAULT_DB_READERS = 4;

/** A whole number from the environment within [min, max]; `message` names what is wrong, `tooBig` the limit. */
const wholeNumber = (min: number, max: number, message: string, tooBig = message) =>
  z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: tooBig });

/** An http(s) URL, or null when it is not one. */
function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** "https://a.example.cn, http://10.0.0.5:3000" → the origins, each checked to be only scheme://host[:port]. */
const originList = z.string().transform((value, ctx) => {
  const origins: string[] = [];
  for (const item of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const url = httpUrl(item);
    if (!url || url.pathname !== "/" || url.search || url.hash || url.username) {
      ctx.addIssue({
        code: "custom",
        message: `"${item}" 不是来源，应为 http(s)://主机[:端口]，多个以逗号分隔`,
      });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
});

const variables = z.object({
  PORT: z.coerce
    .number({ error: "应为端口号" })
    .int({ error: "应为整数" })
    .min(1)
    .max(65535, { error: "应在 1-65535 之间" })
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1, { error: "不能为空" }).default("./data"),
  // PostgreSQL instead of the SQLite file in DATA_DIR (a larger deployment, several servers on one database).
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, {
      error:
        "应为 PostgreSQL 连接地址，如 postgres://用户:密码@主机:5432/数据库；不设则用 DATA_DIR 中的 SQLite",
    })
    .optional(),
  ADMIN_PHONE: z.string().regex(MOBILE_PATTERN, { error: "应为11位手机号" }).default("13800000000"),
  // The first system admin's password: the rules of any new password (length, not a common one),
  // and not the ADMIN_PHONE (checked below, where both are known).
  ADMIN_PASSWORD: newPasswordSchema.optional(),
  DATA_KEY: z.string().optional(),
  SEED_DEMO: flag.default(true),
  COOKIE_SECURE: flag.default(false),
  ALLOWED_ORIGINS: originList.default([]),
  PUBLIC_URL: z
    .string()
    .refine((v) => httpUrl(v) !== null, { error: "应为 http(s) 网址，如 https://cc.example.cn" })
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
  TRUST_PROXY: flag.default(false),
  // How SMS verification codes (self-service password reset) go out: none, or the server log for development.
  SMS_TRANSPORT: z
    .enum(["none", "console"], { error: "应为 none 或 console（开发用：验证码写入服务器日志）" })
    .default("none"),
  // Public registrations one client address may start in an hour (a quarter of them within a minute):
  // raise it for a registration drive where residents share the 社区 office's network.
  REGISTRATIONS_PER_HOUR: wholeNumber(1, 100_000, "应为正整数", "最多100000").default(REGISTRATIONS_PER_HOUR),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Worker threads for Excel parsing and .docx/PDF building; 0 runs them on the event loop.
  OFFLOAD_WORKERS: wholeNumber(0, 64, "应为0或正整数", "最多64").default(defaultPoolSize()),
  // The offload threads' nice value (Linux): background work gives way to requests; 0: the same priority.
  OFFLOAD_NICE: wholeNumber(0, 19, "应为0到19的整数").default(DEFAULT_OFFLOAD_NICE),
  // SQLite only: read-only connections on worker threads for reads outside a transaction; 0: all on the event loop.
  DB_READERS: wholeNumber(0, 64, "应为0或正整数", "最多64").default(DEFAULT_DB_READERS),
  // /metrics for a Prometheus scraper, only with this bearer token; unset: no /metrics at all.
  METRICS_TOKEN: z
    .string()
    .min(16, { error: "至少16个字符（如 openssl rand -hex 24）" })
    .regex(/^[\x21-\x7e]+$/, { error: "只能含可见的ASCII字符" })
    .optional(),
});

const schema = variables.superRefine((c, ctx) => {
  if (c.ADMIN_PASSWORD !== undefined && usesMobile(c.ADMIN_PASSWORD, c.ADMIN_PHONE)) {
    ctx.addIssue({
      code: "custom",
      path: ["ADMIN_PASSWORD"],
      message: `${MOBILE_PASSWORD_MESSAGE}（ADMIN_PHONE）`,
    });
  }
});

export type Config = Omit<z.infer<typeof schema>, "DATA_DIR"> & { DATA_DIR: string };

// Never echoed in a message: a password, a key, or a connection URL that may hold a password.
const SECRET_VARIABLES = new Set(["ADMIN_PASSWORD", "DATA_KEY", "DATABASE_URL", "METRICS_TOKEN"]);

/** Reads the environment; on a bad value, says which variable and why, then the caller exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      const value = SECRET_VARIABLES.has(key) ? "(已隐藏)" : JSON.stringify(env[key]);
      return `  ${key}=${value}: ${i.message}`;
    });
    throw new ConfigError(`配置错误 (environment):\n${lines.join("\n")}`);
  }
  return { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) };
}

/** Origins besides the request's own that may send mutations: ALLOWED_ORIGINS and PUBLIC_URL's. */
export function mutationOrigins(config: Pick<Config, "ALLOWED_ORIGINS" | "PUBLIC_URL">): string[] {
  const origins = new Set(config.ALLOWED_ORIGINS);
  if (config.PUBLIC_URL) origins.add(new URL(config.PUBLIC_URL).origin);
  return [...origins];
}

/** A PostgreSQL URL without its user and password, for messages (postgres://host:5432/db, postgres:///db?host=/run/postgresql). */
export function describeDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/)[^@/]*@/i, "$1");
}

export class ConfigError extends Error {}
