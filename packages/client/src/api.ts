import {
  createTRPCClient,
  httpBatchLink,
  isTRPCClientError,
  type TRPCClient,
  type TRPCClientErrorLike,
} from "@trpc/client";
// Type only: the domain's runtime pulls in Node code (database, crypto) and must never reach the browser.
// Browser-safe rules and labels come from "@chuangcheng/domain/rules".
import type { AppRouter } from "@chuangcheng/domain";
import { MAX_CALLS_PER_REQUEST } from "@chuangcheng/domain/rules";

export type { AppRouter };
export type ApiError = TRPCClientErrorLike<AppRouter>;

/** The typed tRPC client of an app served by the Fastify host: batched calls to /trpc on the same origin. */
export function createApiClient(): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        // The server answers a larger batch with 400; more calls go out as further requests.
        maxItems: MAX_CALLS_PER_REQUEST,
        // The session is an httpOnly cookie that the server sets on this origin.
        fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}

/** The tRPC error code of a failed call ("UNAUTHORIZED", "BAD_REQUEST" …), or null for other failures. */
export function errorCode(error: unknown): string | null {
  return isTRPCClientError<AppRouter>(error) ? (error.data?.code ?? null) : null;
}

/** Answers that asking again cannot change: the session, the permission, the input or the state is wrong. */
const NO_RETRY: ReadonlySet<string> = new Set([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_REQUEST",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
]);

/**
 * Whether a failed query is tried again (react-query's `retry(failureCount, error)`): at most twice,
 * and never for an answer that asking again cannot change.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return !NO_RETRY.has(errorCode(error) ?? "") && failureCount < 2;
}
