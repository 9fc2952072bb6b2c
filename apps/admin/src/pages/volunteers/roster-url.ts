import {
  POLITICAL_STATUSES,
  SKILLS,
  VOLUNTEER_STATUSES,
  type PoliticalStatus,
  type Skill,
  type VolunteerStatus,
} from "@chuangcheng/domain/rules";
import { oneOf, positiveInt } from "../../lib/url-values";

// The roster's search, filters, sort and page live in the address (?q=1234&status=registered&page=2),
// so that a reload, a shared link and the browser's back and forward keep them. An address is typed
// or pasted by people: a value that is not valid is ignored, never an error.

export const SORT_KEYS = ["submittedAt", "registeredAt", "hours", "name"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Order = "asc" | "desc";
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface RosterFilters {
  /** 姓名 (contains), 手机号 (first digits) or 手机尾号 (4 digits) */
  search?: string | undefined;
  skill?: Skill | undefined;
  teamId?: number | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  courtyardId?: number | undefined;
  status?: VolunteerStatus | undefined;
  politicalStatus?: PoliticalStatus | undefined;
}

export interface RosterView {
  filters: RosterFilters;
  sort: SortKey;
  order: Order;
  page: number;
  pageSize: number;
}

export const DEFAULT_VIEW: RosterView = {
  filters: {},
  sort: "submittedAt",
  order: "desc",
  page: 1,
  pageSize: 20,
};

/** The address's name of each filter. */
const KEYS = {
  search: "q",
  skill: "skill",
  teamId: "team",
  communityId: "community",
  gridId: "grid",
  courtyardId: "courtyard",
  status: "status",
  politicalStatus: "political",
} as const satisfies Record<keyof RosterFilters, string>;

/** What the server accepts as a search: at most 20 characters, and a mobile has at most 11 digits. */
export function cleanSearch(raw: string | null | undefined): string | undefined {
  const text = raw?.trim() ?? "";
  if (text === "" || text.length > 20 || /^\d{12,}$/.test(text)) return undefined;
  return text;
}

export function readRosterView(params: URLSearchParams): RosterView {
  const filters: RosterFilters = {
    search: cleanSearch(params.get(KEYS.search)),
    skill: oneOf(SKILLS, params.get(KEYS.skill)),
    teamId: positiveInt(params.get(KEYS.teamId)),
    communityId: positiveInt(params.get(KEYS.communityId)),
    gridId: positiveInt(params.get(KEYS.gridId)),
    courtyardId: positiveInt(params.get(KEYS.courtyardId)),
    status: oneOf(VOLUNTEER_STATUSES, params.get(KEYS.status)),
    politicalStatus: oneOf(POLITICAL_STATUSES, params.get(KEYS.politicalStatus)),
  };
  const size = positiveInt(params.get("size"));
  return {
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as RosterFilters,
    sort: oneOf(SORT_KEYS, params.get("sort")) ?? DEFAULT_VIEW.sort,
    order: oneOf(["asc", "desc"] as const, params.get("order")) ?? DEFAULT_VIEW.order,
    page: positiveInt(params.get("page")) ?? DEFAULT_VIEW.page,
    pageSize: PAGE_SIZES.find((s) => s === size) ?? DEFAULT_VIEW.pageSize,
  };
}

/** The address of a view; what is at its default is left out, so a plain roster is a plain address. */
export function writeRosterView(view: RosterView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(KEYS) as Array<keyof RosterFilters>) {
    const value = view.filters[key];
    if (value !== undefined && value !== "") params.set(KEYS[key], String(value));
  }
  if (view.sort !== DEFAULT_VIEW.sort || view.order !== DEFAULT_VIEW.order) {
    params.set("sort", view.sort);
    params.set("order", view.order);
  }
  if (view.page !== DEFAULT_VIEW.page) params.set("page", String(view.page));
  if (view.pageSize !== DEFAULT_VIEW.pageSize) params.set("size", String(view.pageSize));
  return params;
}
