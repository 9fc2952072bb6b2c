import {
  COMMUNITY_ADMINS,
  READINESS_ADMINS,
  RESIDENTS,
  STREET_ADMINS,
  VOLUNTEERS,
  type MixedData,
} from "./mixed-data.js";
import type { Action, Population } from "./mixed-load.js";
import type { SignUpOutcomes } from "./mixed-report.js";

// Who the mixed bench's load is made of (mixed-bench.ts runs it): the residents and admins, what each
// asks for and how often, and the rows of figures each request is counted in, with their targets.

const PORTAL_P99_MS = 50;
const ROSTER_P99_MS = 50;
const DASHBOARD_P99_MS = 100;

/** A row of the figures: the requests of one action (or of several, for the portal's total). */
export interface Row {
  name: string;
  /** the actions whose samples it counts */
  actions: string[];
  /** p99 target in ms, or none (printed only) */
  targetMs?: number;
  /** GET requests to warm up with and to time alone, with the cookie to send them with */
  probes: Array<{ path: string; cookie: string }>;
}

const q = (path: string, input?: unknown) =>
  `/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
const batch = (calls: Array<[path: string, input?: unknown]>) => {
  const inputs = Object.fromEntries(
    calls.flatMap(([, input], i) => (input === undefined ? [] : [[String(i), input]])),
  );
  return `/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
};

const HOME = "portal: 首页 (8 queries in one batch)";
const ACTIVITIES = "portal: 活动 activity.upcoming";
const BOARD = "portal: 黑白榜 board.publicList";
const CARD = "portal: 志愿者证 volunteer.mine";
const SIGN_UP = "portal: 报名 activity.signUp (POST)";
const PORTAL_ALL = `portal, all ${RESIDENTS} residents`;
const DASHBOARD = `admin: report.streetDashboard (30 社区), ${STREET_ADMINS} admins`;
const ROSTER = `admin: volunteer.roster at ${VOLUNTEERS.toLocaleString()}, ${COMMUNITY_ADMINS} admins`;
const READINESS = `admin: campaign.readiness (street), ${READINESS_ADMINS} admins`;

/**
 * The people of the load against `data` (sign-ups' answers counted in `outcomes`), and the rows of
 * the figures with the GET requests that warm each up and time it alone.
 */
export function model(data: MixedData, outcomes: SignUpOutcomes): { people: Population[]; rows: Row[] } {
  const { communityId } = data;
  const session = (token: string) => `cc_session=${token}`;
  const home = batch([
    ["auth.me"],
    ["campaign.residentMonth"],
    ["problem.publicFigures", { communityId }],
    ["problem.publicFeed", { communityId, page: 1, pageSize: 3 }],
    ["volunteer.publicRatio", { communityId }],
    ["volunteer.mine"],
    ["activity.upcoming"],
    ["notification.unreadCount"],
  ]);
  const signUpAnswer = (status: number, body: string) => {
    if (status === 200) outcomes.ok++;
    else if (status >= 500) outcomes.server++;
    if (status === 200) return;
    let message = `HTTP ${status}`;
    try {
      message = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: the status says it
    }
    outcomes.messages.set(message, (outcomes.messages.get(message) ?? 0) + 1);
  };
  // The portal's mix: cumulative shares of 首页, 活动, 黑白榜, 志愿者证; the rest (10 %) is 报名.
  const pages: Array<[upTo: number, action: Action]> = [
    [0.3, { name: HOME, path: home }],
    [0.5, { name: ACTIVITIES, path: q("activity.upcoming") }],
    [0.7, { name: BOARD, path: q("board.publicList", { communityId }) }],
    [0.9, { name: CARD, path: q("volunteer.mine") }],
  ];
  const dashboard = q("report.streetDashboard", {});
  const rosterSearches = [
    // The roster as it opens: the 社区's newest 20 by 提交时间.
    q("volunteer.roster", { page: 1, pageSize: 20 }),
    q("volunteer.roster", { name: "王", skill: "medical", page: 1, pageSize: 20 }),
    q("volunteer.roster", { name: "李", skill: "elderly_care", sort: "hours", page: 1, pageSize: 20 }),
    q("volunteer.roster", { search: "1234", page: 1, pageSize: 20 }),
    q("volunteer.roster", { search: "建国", page: 1, pageSize: 20 }),
  ];
  const readiness = q("campaign.readiness", { campaignId: data.campaignId });
  const resident = (u: number) => session(data.residentTokens[u % data.residentTokens.length]!);
  const streetAdmin = (u: number) => session(data.streetAdminTokens[u]!);
  const readinessAdmin = (u: number) => session(data.streetAdminTokens[STREET_ADMINS + u]!);
  const communityAdmin = (u: number) => session(data.communityAdminTokens[u]!);
  const people: Population[] = [
    {
      name: "portal residents",
      users: RESIDENTS,
      thinkMs: [2_000, 6_000],
      cookie: resident,
      next: (rng) => {
        const r = rng();
        // 报名: one of the upcoming activities at random; once its places are gone (or the resident is
        // already signed up) the answer is a domain error, never a 5xx. Drawn every time: the
        // sequence stays the same whichever page comes.
        const activityId = data.signupActivityIds[Math.floor(rng() * data.signupActivityIds.length)]!;
        return (
          pages.find(([upTo]) => r < upTo)?.[1] ?? {
            name: SIGN_UP,
            method: "POST",
            path: "/trpc/activity.signUp",
            body: JSON.stringify({ activityId }),
            onResponse: signUpAnswer,
          }
        );
      },
    },
    {
      name: "street admins",
      users: STREET_ADMINS,
      thinkMs: [1_000, 3_000],
      cookie: streetAdmin,
      next: () => ({ name: DASHBOARD, path: dashboard }),
    },
    {
      name: "社区 admins",
      users: COMMUNITY_ADMINS,
      thinkMs: [500, 1_500],
      cookie: communityAdmin,
      // The first page and the 4 searches in turn, each admin starting at a different one.
      next: (_rng, u, step) => ({ name: ROSTER, path: rosterSearches[(u + step) % rosterSearches.length]! }),
    },
    {
      name: "readiness",
      users: READINESS_ADMINS,
      thinkMs: [2_000, 5_000],
      cookie: readinessAdmin,
      next: () => ({ name: READINESS, path: readiness }),
    },
  ];
  const portalRow = (name: string, path?: string): Row => ({
    name,
    actions: [name],
    targetMs: PORTAL_P99_MS,
    probes: path === undefined ? [] : [{ path, cookie: resident(0) }],
  });
  const rows: Row[] = [
    ...pages.map(([, a]) => portalRow(a.name, a.path)),
    portalRow(SIGN_UP),
    {
      name: PORTAL_ALL,
      actions: [...pages.map(([, a]) => a.name), SIGN_UP],
      targetMs: PORTAL_P99_MS,
      probes: [],
    },
    {
      name: DASHBOARD,
      actions: [DASHBOARD],
      targetMs: DASHBOARD_P99_MS,
      probes: [{ path: dashboard, cookie: streetAdmin(0) }],
    },
    {
      name: ROSTER,
      actions: [ROSTER],
      targetMs: ROSTER_P99_MS,
      probes: rosterSearches.map((path) => ({ path, cookie: communityAdmin(0) })),
    },
    { name: READINESS, actions: [READINESS], probes: [{ path: readiness, cookie: readinessAdmin(0) }] },
  ];
  return { people, rows };
}
