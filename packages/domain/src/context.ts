import type { Kysely } from "kysely";
import { inlineOffload, type Offload } from "./offload.js";
import type { AggregateCache } from "./aggregate-cache.js";
import type { Database, Role } from "./db/database.js";
import type { DataKeys } from "./secrets/data-keys.js";
import type { SmsSender } from "./auth/sms.js";
import type { FileStorage } from "./files/storage.js";
import { REGISTRATIONS_PER_HOUR } from "./auth/throttle.js";
import type { BoardCache } from "./board/board-cache.js";
import type { BoardBasis } from "./board/board-public.js";

export interface SessionGrant {
  id: number;
  role: Role;
  orgUnitId: number | null;
  /** "" for a unit that no longer exists; "全部" is shown for system_admin (no unit) */
  unitName: string | null;
}

/** Who is calling: the user behind a valid session and the roles they hold. */
export interface AuthSession {
  sessionId: number;
  user: {
    id: number;
    name: string;
    mobile: string;
    communityId: number | null;
    courtyardId: number | null;
    communityName: string | null;
    courtyardName: string | null;
    /** holds a temporary password from an admin reset: may only change it (see trpc.ts) */
    mustChangePassword: boolean;
    /** 关怀模式 as chosen on the account; null until chosen */
    careMode: boolean | null;
  };
  grants: SessionGrant[];
}

/** How a procedure sets or clears the session cookie; HTTP-free so tests can record the calls. */
export interface SessionCookies {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface ContextInner {
  db: Kysely<Database>;
  session: AuthSession | null;
  cookies: SessionCookies;
  /** keys for personal data; procedures that touch 身份证号 refuse to run without them */
  keys: DataKeys | null;
  /** the caller's IP address (behind a trusted proxy, the client's); null for in-process callers */
  clientAddress: string | null;
  /** sends SMS verification codes (self-service password reset); null when the deployment has none */
  sms: SmsSender | null;
  /**
   * The address phones reach the server at, for links meant for them (the check-in QR code): PUBLIC_URL,
   * else the origin the request came to. null for in-process callers: their links are paths.
   */
  publicBaseUrl: string | null;
  /** public registrations one client address may start in an hour (auth/throttle.ts) */
  registrationsPerHour: number;
  /** where uploaded photos' bytes are (files/storage.ts): the 整改台账 embeds them; null: exports go without pictures */
  fileStorage: FileStorage | null;
  /** the public boards this process built (board/board-cache.ts); null: every board is built afresh */
  boardCache: BoardCache<BoardBasis> | null;
  /** where CPU-heavy work runs (offload.ts): the server's worker threads; in-process callers, here */
  offload: Offload;
  /** heavy aggregates kept a few seconds per caller (aggregate-cache.ts); null: computed every time */
  aggregates: AggregateCache | null;
}

const noCookies: SessionCookies = { set() {}, clear() {} };

/** The context every procedure sees. It takes the database; nothing here reaches for HTTP or a singleton. */
export function createContextInner(opts: {
  db: Kysely<Database>;
  session?: AuthSession | null;
  cookies?: SessionCookies;
  keys?: DataKeys | null;
  clientAddress?: string | null;
  sms?: SmsSender | null;
  publicBaseUrl?: string | null;
  registrationsPerHour?: number;
  fileStorage?: FileStorage | null;
  boardCache?: BoardCache<BoardBasis> | null;
  offload?: Offload;
  aggregates?: AggregateCache | null;
}): ContextInner {
  return {
    db: opts.db,
    session: opts.session ?? null,
    cookies: opts.cookies ?? noCookies,
    keys: opts.keys ?? null,
    clientAddress: opts.clientAddress ?? null,
    sms: opts.sms ?? null,
    publicBaseUrl: opts.publicBaseUrl ?? null,
    registrationsPerHour: opts.registrationsPerHour ?? REGISTRATIONS_PER_HOUR,
    fileStorage: opts.fileStorage ?? null,
    boardCache: opts.boardCache ?? null,
    aggregates: opts.aggregates ?? null,
    offload: opts.offload ?? inlineOffload,
  };
}

export type Context = ContextInner;
