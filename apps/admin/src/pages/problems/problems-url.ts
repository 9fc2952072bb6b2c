import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATES,
  isCalendarDate,
  type ProblemCategory,
  type ProblemSource,
  type ProblemState,
} from "@chuangcheng/domain/rules";
import { oneOf, positiveInt } from "../../lib/url-values";

// The problem list's tab, filters and page live in the address (?state=pending&overdue=1&page=2), so
// that a reload, a shared link and back/forward keep them. A value that is not valid is ignored.

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ProblemFilters {
  communityId?: number | undefined;
  state?: ProblemState | undefined;
  category?: ProblemCategory | undefined;
  gridId?: number | undefined;
  courtyardId?: number | undefined;
  source?: ProblemSource | undefined;
  overdue?: boolean | undefined;
  /** China dates, YYYY-MM-DD */
  from?: string | undefined;
  to?: string | undefined;
}

export interface ProblemsView {
  filters: ProblemFilters;
  page: number;
  pageSize: number;
}

const KEYS = {
  communityId: "community",
  state: "state",
  category: "category",
  gridId: "grid",
  courtyardId: "courtyard",
  source: "source",
  overdue: "overdue",
  from: "from",
  to: "to",
} as const satisfies Record<keyof ProblemFilters, string>;

const date = (raw: string | null) => (raw !== null && isCalendarDate(raw) ? raw : undefined);

export function readProblemsView(params: URLSearchParams): ProblemsView {
  const from = date(params.get(KEYS.from));
  const to = date(params.get(KEYS.to));
  const filters: ProblemFilters = {
    communityId: positiveInt(params.get(KEYS.communityId)),
    state: oneOf(PROBLEM_STATES, params.get(KEYS.state)),
    category: oneOf(PROBLEM_CATEGORIES, params.get(KEYS.category)),
    gridId: positiveInt(params.get(KEYS.gridId)),
    courtyardId: positiveInt(params.get(KEYS.courtyardId)),
    source: oneOf(PROBLEM_SOURCES, params.get(KEYS.source)),
    overdue: params.get(KEYS.overdue) === "1" ? true : undefined,
    // A range the wrong way round is read as no range.
    from: from && to && from > to ? undefined : from,
    to: from && to && from > to ? undefined : to,
  };
  const size = positiveInt(params.get("size"));
  return {
    filters,
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: PAGE_SIZES.find((s) => s === size) ?? 20,
  };
}

/** The address of a view: only what differs from the defaults, in a fixed order. */
export function writeProblemsView(view: ProblemsView): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, name] of Object.entries(KEYS) as [keyof ProblemFilters, string][]) {
    const value = view.filters[key];
    if (value === undefined || value === false) continue;
    out.set(name, value === true ? "1" : String(value));
  }
  if (view.page !== 1) out.set("page", String(view.page));
  if (view.pageSize !== 20) out.set("size", String(view.pageSize));
  return out;
}

/** The tab a view shows: a state, 已超期 (overdue without a state) or 全部. */
export function tabOf(filters: ProblemFilters): ProblemState | "overdue" | "all" {
  if (filters.state) return filters.state;
  return filters.overdue ? "overdue" : "all";
}

/** The filters once a tab is chosen: a state tab keeps the 超期 switch off, 已超期 sets it. */
export function withTab(filters: ProblemFilters, tab: string): ProblemFilters {
  if (tab === "all") return { ...filters, state: undefined, overdue: undefined };
  if (tab === "overdue") return { ...filters, state: undefined, overdue: true };
  return { ...filters, state: oneOf(PROBLEM_STATES, tab), overdue: undefined };
}
