import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { MUST_CHANGE_MESSAGE, roleHas, type Permission } from "./auth/rules.js";
import type { AuthSession, Context } from "./context.js";
import type { AggregateCache } from "./aggregate-cache.js";
import type { Db } from "./db/open-database.js";
import { writeWatchOf } from "./db/sqlite-driver.js";
import { DomainError, ValidationError } from "./errors.js";
import { isRetryableConflict, isUniqueViolation } from "./db/constraint-errors.js";

// Field errors from zod and from domain rules reach the client in one shape: { field: [messages] }.
type FieldErrors = Record<string, string[]>;

function fieldErrorsOf(cause: unknown): FieldErrors | null {
  if (cause instanceof ZodError) {
    const out: FieldErrors = {};
    for (const issue of cause.issues) {
      const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "_";
      (out[field] ??= []).push(issue.message);
    }
    return out;
  }
  if (cause instanceof ValidationError) return { [cause.field]: [cause.message] };
  return null;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const fieldErrors = error.code === "BAD_REQUEST" ? fieldErrorsOf(error.cause) : null;
    let message = shape.message;
    if (error.cause instanceof ZodError) {
      // tRPC's default message is the raw issue list; users get the first field's Chinese message.
      message = error.cause.issues[0]?.message ?? "输入有误";
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      message = "服务器内部错误，请稍后重试";
    }
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors },
    };
  },
});

const CODE_OF: Record<DomainError["kind"], TRPCError["code"]> = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  unauthorized: "UNAUTHORIZED",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  throttled: "TOO_MANY_REQUESTS",
};

/**
 * The one place where domain errors become tRPC codes; and after any mutation, the caller's kept
 * aggregates are stale for them (aggregate-cache.ts). One middleware for both, and for the session
 * check of authedProcedure: tRPC copies its call options (and, handed one, the context) at every
 * level, key by key, so each middleware more costs every call.
 */
function guarded<Narrowed extends object>(check: ((opts: { ctx: Context; path: string }) => void) | null) {
  return t.middleware(async ({ ctx, path, type, next }) => {
    check?.({ ctx, path });
    let result;
    try {
      // What `check` made sure of, as a type only: handed a real context, tRPC would copy all of it.
      result = await next({ ctx: undefined as unknown as Narrowed });
    } finally {
      if (type === "mutation" && ctx.session) ctx.aggregates?.noteWrite(ctx.session.user.id);
    }
    if (!result.ok && result.error.cause instanceof DomainError) {
      const cause = result.error.cause;
      throw new TRPCError({ code: CODE_OF[cause.kind], message: cause.message, cause });
    }
    if (!result.ok && isUniqueViolation(result.error.cause)) {
      // Two requests created the same thing at once; the database kept the first (db/constraint-errors.ts).
      throw new TRPCError({
        code: "CONFLICT",
        message: "相同的信息刚刚已提交，请刷新后查看",
        cause: result.error.cause,
      });
    }
    return result;
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(guarded<object>(null));

/**
 * An aggregate that is the same for everyone allowed to read it (a street's 数据看板, a 社区's ratio):
 * the caller's right is checked before this, on every request, and the answer is shared by all who ask
 * for the same `input`, kept a few seconds (aggregate-cache.ts): a viewer's own change shows on their
 * next request, others' within AGGREGATE_TTL_MS. Ten street admins opening the 数据看板 at once share
 * one computation. Nothing of the caller may go into `compute`: what differs by caller goes in `input`.
 */
export function keptForReaders<T>(
  ctx: { aggregates: AggregateCache | null; session: AuthSession },
  name: string,
  input: unknown,
  compute: () => Promise<T>,
): Promise<T> {
  if (!ctx.aggregates) return compute();
  return ctx.aggregates.get(`readers|${name}:${JSON.stringify(input ?? null)}`, ctx.session.user.id, compute);
}

/** Who asks, with their roles: a revoked or added role asks under another key. */
function callerKey({ user, grants }: AuthSession) {
  return `${user.id}|${grants.map((g) => `${g.role}@${g.orgUnitId ?? ""}`).join(",")}`;
}

/**
 * A list this caller opens again and again (the problem list with its tabs' counts), kept while none
 * of the `tables` it reads has been written (the write watch, db/sqlite-driver.ts), at most a few
 * seconds: unlike keptForReaders, nobody's change is ever hidden, not even for a moment. The few
 * seconds bound what depends on the clock alone (逾期 turns at midnight).
 */
export async function keptUntilWritten<T>(
  ctx: { aggregates: AggregateCache | null; session: AuthSession; db: Db },
  name: string,
  input: unknown,
  tables: readonly string[],
  compute: () => Promise<T>,
): Promise<T> {
  const watch = ctx.aggregates ? writeWatchOf(ctx.db) : undefined;
  if (!ctx.aggregates || !watch) return compute();
  const version = await watch.versionSoon(tables);
  return ctx.aggregates.get(
    `${callerKey(ctx.session)}|${name}:${JSON.stringify(input ?? null)}|${version}`,
    ctx.session.user.id,
    compute,
  );
}

/**
 * A public aggregate (the same for every visitor) for `input`, shared. On SQLite it is keyed on the
 * write version of the `tables` it reads (db/sqlite-driver.ts): any change to them is seen by everyone
 * on the next request, and a flood of sign-ups elsewhere does not throw it away. Without a write watch
 * it is kept a few seconds, and a signed-in visitor who just changed something gets it afresh.
 */
export async function keptForAll<T>(
  ctx: { aggregates: AggregateCache | null; session: AuthSession | null; db: Db },
  name: string,
  input: unknown,
  tables: readonly string[],
  compute: () => Promise<T>,
): Promise<T> {
  if (!ctx.aggregates) return compute();
  const version = (await writeWatchOf(ctx.db)?.versionSoon(tables)) ?? "";
  return ctx.aggregates.get(
    `*|${name}:${JSON.stringify(input ?? null)}|${version}`,
    ctx.session?.user.id ?? null,
    compute,
  );
}

/** What a session opened with a temporary password may do: see who it is, change the password, leave. */
const TEMPORARY_PASSWORD_PATHS: ReadonlySet<string> = new Set([
  "auth.me",
  "auth.changePassword",
  "auth.logout",
]);

/** A signed-in caller; a session opened with a temporary password reaches only TEMPORARY_PASSWORD_PATHS. */
export const authedProcedure = t.procedure.use(
  guarded<{ session: AuthSession }>(({ ctx, path }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "请先登录" });
    if (ctx.session.user.mustChangePassword && !TEMPORARY_PASSWORD_PATHS.has(path)) {
      throw new TRPCError({ code: "FORBIDDEN", message: MUST_CHANGE_MESSAGE });
    }
  }),
);

/**
 * Coarse gate: the caller holds `perm` through some role somewhere. The service then checks the
 * specific unit (auth/authorize.ts), so a community admin of 社区 A cannot act on 社区 B.
 */
export function permission(perm: Permission) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "请先登录" });
    if (!ctx.session.grants.some((g) => roleHas(g.role, perm))) {
      throw new TRPCError({ code: "FORBIDDEN", message: "没有权限执行此操作" });
    }
    return next();
  });
}

class Rollback extends Error {}

/** Runs of a mutation PostgreSQL aborted as one side of a deadlock, before the error reaches the caller. */
const MAX_ATTEMPTS = 3;

/**
 * Opens the one transaction of a mutation; any failure rolls every write back, audit rows included.
 * A transaction PostgreSQL aborted to break a deadlock (db/constraint-errors.ts) runs again, from the
 * start, after its rollback: nothing of the aborted run remains.
 */
export const transactional = t.middleware(async ({ ctx, next }) => {
  for (let attempt = 1; ; attempt++) {
    let failed: Awaited<ReturnType<typeof next>> | undefined;
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const result = await next({ ctx: { db: trx } });
        if (!result.ok) {
          failed = result;
          throw new Rollback();
        }
        return result;
      });
    } catch (error) {
      const cause = error instanceof Rollback && failed && !failed.ok ? failed.error.cause : error;
      if (isRetryableConflict(cause) && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof Rollback && failed) return failed;
      throw error;
    }
  }
});

/** For procedures that encrypt, index or sign personal data: the context must carry the data keys. */
export const withKeys = t.middleware(({ ctx, next }) => {
  if (!ctx.keys) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "数据密钥未配置" });
  return next({ ctx: { keys: ctx.keys } });
});
