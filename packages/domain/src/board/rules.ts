// The 黑白榜 vocabulary and its rules: kinds, categories, states and the one transition table, who is
// shown by what name, and when an entry is on the board. Pure: safe in a browser (see ../rules.ts).

import { maskName } from "../auth/rules.js";

export const BOARD_KINDS = ["white", "black"] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];
export const BOARD_KIND_LABELS: Record<BoardKind, string> = { white: "白榜", black: "黑榜" };

export const WHITE_CATEGORY_LABELS = {
  good_deed: "好人好事",
  civilized_family: "文明家庭",
  building_star: "楼栋好人",
  best_courtyard: "最美楼院",
  volunteer: "优秀志愿者",
  filial: "孝老爱亲",
  bravery: "见义勇为",
  white_other: "其他",
} as const;
export const BLACK_CATEGORY_LABELS = {
  litter: "乱扔垃圾",
  corridor_clutter: "楼道堆物",
  random_piling: "乱堆乱放",
  illegal_construction: "乱搭乱建",
  street_vending: "占道经营",
  posters: "小广告",
  green_planting: "毁绿种菜",
  poultry: "饲养家禽",
  uncivil_dogs: "不文明养犬",
  high_throw: "高空抛物",
  flying_wire: "飞线充电",
  black_other: "其他",
} as const;
export type WhiteCategory = keyof typeof WHITE_CATEGORY_LABELS;
export type BlackCategory = keyof typeof BLACK_CATEGORY_LABELS;
export type BoardCategory = WhiteCategory | BlackCategory;
export const BOARD_CATEGORY_LABELS: Record<BoardCategory, string> = {
  ...WHITE_CATEGORY_LABELS,
  ...BLACK_CATEGORY_LABELS,
};
export const BOARD_CATEGORIES = Object.keys(BOARD_CATEGORY_LABELS) as [BoardCategory, ...BoardCategory[]];

/** The longest name a 社区 may give a category (it must fit a poster's tag and a phone's button). */
export const CATEGORY_LABEL_MAX = 10;

export function kindOfCategory(category: BoardCategory): BoardKind {
  return category in WHITE_CATEGORY_LABELS ? "white" : "black";
}

/** Who or what an entry is about: 白榜 a person, a household or a 楼院; 黑榜 a place (and its behaviour). */
export const SUBJECT_KINDS = ["person", "household", "courtyard", "place"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SUBJECT_KINDS_OF: Record<BoardKind, readonly SubjectKind[]> = {
  white: ["person", "household", "courtyard"],
  black: ["place"],
};

export const BOARD_SOURCES = ["staff", "nomination", "problem"] as const;
export type BoardSource = (typeof BOARD_SOURCES)[number];
export const BOARD_SOURCE_LABELS: Record<BoardSource, string> = {
  staff: "工作人员提名",
  nomination: "居民推荐",
  problem: "问题整改",
};

export const BOARD_STATES = [
  "draft",
  "pending",
  "published",
  "appealing",
  "rectified",
  "withdrawn",
  "rejected",
] as const;
export type BoardState = (typeof BOARD_STATES)[number];
export const BOARD_STATE_LABELS: Record<BoardState, string> = {
  draft: "草稿",
  pending: "待审核",
  published: "已公示",
  appealing: "申诉中",
  rectified: "已整改",
  withdrawn: "已撤榜",
  rejected: "已驳回",
};

export const BOARD_ACTIONS = [
  "submit",
  "approve",
  "reject",
  "revise",
  "appeal",
  "uphold",
  "revoke",
  "rectify",
  "withdraw",
] as const;
export type BoardAction = (typeof BOARD_ACTIONS)[number];
export const BOARD_ACTION_LABELS: Record<BoardAction, string> = {
  submit: "提交审核",
  approve: "审核通过",
  reject: "驳回",
  revise: "修改后重新提交",
  appeal: "申诉",
  uphold: "申诉不成立，维持",
  revoke: "申诉成立，撤销",
  rectify: "已整改",
  withdraw: "撤榜",
};

/**
 * The one transition table. 草稿 → 待审核 (提交); 待审核 → 已公示 (通过) or 已驳回 (驳回, with a reason);
 * 已驳回 → 草稿 (修改后再提交). Only 黑榜: 已公示 → 申诉中 (the linked person, within the notice period)
 * → 已公示 (维持) or 已撤榜 (撤销); 已公示 or 申诉中 → 已整改 (its problem 办结, or an admin's word).
 * 已公示 and 已整改 → 已撤榜 (撤榜 by an admin). 已撤榜 is final; an entry past its end date is off the
 * board without a move (offBoardReason), so nothing depends on a job having run.
 */
const MOVES: Record<BoardState, Partial<Record<BoardAction, BoardState>>> = {
  draft: { submit: "pending" },
  pending: { approve: "published", reject: "rejected" },
  rejected: { revise: "draft" },
  published: { appeal: "appealing", rectify: "rectified", withdraw: "withdrawn" },
  appealing: { uphold: "published", revoke: "withdrawn", rectify: "rectified" },
  rectified: { withdraw: "withdrawn" },
  withdrawn: {},
};
const BLACK_ONLY: ReadonlySet<BoardAction> = new Set(["appeal", "uphold", "revoke", "rectify"]);

/** Why a move is refused: the state it was in, and the Chinese message. */
export class BoardTransitionError extends Error {
  constructor(
    readonly from: BoardState,
    readonly action: BoardAction,
    message: string,
  ) {
    super(message);
    this.name = "BoardTransitionError";
  }
}

export function boardTransition(kind: BoardKind, from: BoardState, action: BoardAction): BoardState {
  const to = MOVES[from][action];
  if (BLACK_ONLY.has(action) && kind !== "black") {
    throw new BoardTransitionError(from, action, `白榜条目不能${BOARD_ACTION_LABELS[action]}`);
  }
  if (to === undefined) {
    throw new BoardTransitionError(
      from,
      action,
      `该条目${BOARD_STATE_LABELS[from]}，不能${BOARD_ACTION_LABELS[action]}`,
    );
  }
  return to;
}

/** A 社区's settings of the board (absent: these defaults). */
export interface BoardSettings {
  /** who may read the 黑榜: residents of the 社区 logged in (default), or anyone */
  blackVisibility: "residents" | "public";
  /** what a public 黑榜 entry says of a named person: nothing (default) or the masked name */
  blackNameDisplay: "none" | "masked";
  /** the longest a 黑榜 entry stays up, days */
  blackMaxDays: number;
  /** the default time a 白榜 entry stays up, days */
  whiteDays: number;
  /** days a linked person has to 申诉 before the entry shows */
  noticeDays: number;
  /** a 已整改 entry stays up to its end date (showing it was put right) or comes off at once */
  rectifiedRemoval: "at_end" | "at_once";
  /** days after its end date that a 黑榜 entry's personal data is kept */
  retentionDays: number;
}

export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
  blackVisibility: "residents",
  blackNameDisplay: "none",
  blackMaxDays: 30,
  whiteDays: 90,
  noticeDays: 3,
  rectifiedRemoval: "at_end",
  retentionDays: 365,
};

export const TITLE_MAX = 40;
export const DESCRIPTION_MAX = 1000;
export const SUBJECT_NAME_MAX = 40;
export const REASON_MAX = 500;
export const MAX_PHOTOS = 9;

/** China dates (YYYY-MM-DD) a day apart; UTC arithmetic on the date alone. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 2026-12 → 2026年12月 */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-");
  return `${y}年${Number(m)}月`;
}

export const editionTitle = (month: string, communityName: string) =>
  `${monthLabel(month)} ${communityName}红黑榜`;

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export interface ShowingFacts {
  kind: BoardKind;
  state: BoardState;
  startDate: string | null;
  endDate: string | null;
  /** the last day the linked person may 申诉; the entry shows from the day after */
  noticeUntil: string | null;
  /** its edition is published */
  editionPublished: boolean;
}

/**
 * Why an entry is not on the public board today, or null when it is: only 已公示 and 已整改 entries of
 * a published edition, between their start and end dates, and for a 黑榜 entry with a linked person
 * after the notice period; a 已整改 one only while the 社区 keeps them up to their end.
 */
export function offBoardReason(
  e: ShowingFacts,
  today: string,
  settings: Pick<BoardSettings, "rectifiedRemoval">,
): string | null {
  if (e.state !== "published" && e.state !== "rectified") return BOARD_STATE_LABELS[e.state];
  if (!e.editionPublished) return "所在期次未发布";
  if (e.startDate !== null && today < e.startDate) return "未到公示日期";
  if (e.noticeUntil !== null && today <= e.noticeUntil) return "申诉告知期内";
  if (e.endDate !== null && today > e.endDate) return "已到期撤榜";
  if (e.state === "rectified" && settings.rectifiedRemoval === "at_once") return "已整改撤榜";
  return null;
}

/** Whether the linked person may still 申诉 today. */
export function canAppealOn(noticeUntil: string | null, today: string): boolean {
  return noticeUntil !== null && today <= noticeUntil;
}

export interface SubjectFacts {
  kind: BoardKind;
  subjectKind: SubjectKind;
  subjectName: string | null;
  /** a 白榜 person agreed to be named in full (recorded by staff) */
  consented: boolean;
  /** the 楼院 (and 楼栋) name: the subject of a 楼院 entry, the place of a 黑榜 one */
  placeName: string;
}

/**
 * What a public page (and a resident) may read of an entry's subject. 白榜: a person in full only with
 * their consent, else masked; a household as written; a 楼院 by name. 黑榜: the place, and of a named
 * person at most the masked name, when the 社区 chose so; by default nothing.
 */
export function publicSubject(s: SubjectFacts, blackNameDisplay: BoardSettings["blackNameDisplay"]): string {
  if (s.kind === "black") {
    if (s.subjectName && blackNameDisplay === "masked") return `${s.placeName} ${maskName(s.subjectName)}`;
    return s.placeName;
  }
  if (s.subjectKind === "courtyard" || !s.subjectName) return s.placeName;
  if (s.subjectKind === "household") return s.subjectName;
  return s.consented ? s.subjectName : maskName(s.subjectName);
}

/**
 * `text` (a title, a description written by whoever proposed the entry) as a public page may show it:
 * the subject's full name, wherever it was typed, replaced by what publicSubject shows of them.
 */
export function redactSubject(
  text: string,
  s: SubjectFacts,
  blackNameDisplay: BoardSettings["blackNameDisplay"],
): string {
  const name = s.subjectName?.trim();
  if (!name || (s.kind === "white" && (s.consented || s.subjectKind !== "person"))) return text;
  const shown = s.kind === "black" && blackNameDisplay === "none" ? "某居民" : maskName(name);
  return text.split(name).join(shown);
}

/** A stored time (ISO-8601 UTC) as the China date it fell on: China keeps UTC+8 all year. */
export function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface RetentionFacts {
  kind: BoardKind;
  state: BoardState;
  endDate: string | null;
  /** when it was 撤榜 or 撤销 (ISO), if it was */
  withdrawnAt: string | null;
  /** its last move (ISO): for a 已驳回 entry, the rejection */
  updatedAt: string;
}

/**
 * The China date a 黑榜 entry's retention period counts from (its personal data is kept
 * `retentionDays` after it), or null while it must keep it: a 白榜 entry, or a 黑榜 entry still in
 * the process (草稿, 待审核, 申诉中) or without an end. 已公示 and 已整改: the end of its period (the
 * last day it could show, 上期已整改 included). 已撤榜 (撤榜, or 撤销 on appeal): the day it came off, or
 * its end date if that came first. 已驳回: the day it was rejected (it never showed).
 */
export function retentionFrom(e: RetentionFacts): string | null {
  if (e.kind !== "black") return null;
  switch (e.state) {
    case "published":
    case "rectified":
      return e.endDate;
    case "withdrawn": {
      const off = chinaDateOf(e.withdrawnAt ?? e.updatedAt);
      return e.endDate !== null && e.endDate < off ? e.endDate : off;
    }
    case "rejected":
      return chinaDateOf(e.updatedAt);
    default:
      return null;
  }
}

/** Whether a 黑榜 entry's personal data is due for erasure `today`: more than `retentionDays` past retentionFrom. */
export function retentionOver(e: RetentionFacts, retentionDays: number, today: string): boolean {
  const from = retentionFrom(e);
  return from !== null && today > addDays(from, retentionDays);
}

/** What an erased 黑榜 entry says instead of the title staff wrote (which may have named the person). */
export function erasedTitle(categoryLabel: string): string {
  return `${categoryLabel}（个人信息已按保存期限删除）`.slice(0, TITLE_MAX);
}

/** …and instead of its description, the reasons of its appeals and of decisions on them. */
export const ERASED_TEXT = "个人信息已按保存期限删除";
