import type { FigureColumn } from "./chart-card";
import { countColumn, percentColumn } from "./columns";
import type { CommunityFigures } from "./types";

// The columns of the figures both views table: a 社区's own (one row) and, read through `ofRows`, the
// street's (a row per 社区).

type Readiness = Pick<
  CommunityFigures["readiness"],
  "items" | "complete" | "partial" | "missing" | "readyPercent"
>;

/** 注册志愿者, 常住人口, 注册率, 目标 and 是否达标. */
export const VOLUNTEER_COLUMNS: readonly FigureColumn<CommunityFigures["volunteers"]>[] = [
  countColumn("注册志愿者", (v) => v.registered),
  countColumn("常住人口", (v) => v.population),
  percentColumn("注册率", (v) => v.ratioPercent),
  { title: "目标", value: (v) => `${v.targetPercent}%` },
  { title: "是否达标", value: (v) => (v.reached ? "已达标" : "未达标") },
];

/** The 道德讲堂: 已举办, 本月安排 and 应举办. */
export const LECTURE_COLUMNS: readonly FigureColumn<CommunityFigures["lectures"]>[] = [
  countColumn("已举办", (l) => l.held),
  countColumn("本月安排", (l) => l.planned),
  countColumn("应举办", (l) => l.target),
];

/** 测评内容, 齐全, 部分, 缺失 and 齐全率. */
export const READINESS_COLUMNS: readonly FigureColumn<Readiness>[] = [
  countColumn("测评内容", (r) => r.items),
  countColumn("齐全", (r) => r.complete),
  countColumn("部分", (r) => r.partial),
  countColumn("缺失", (r) => r.missing),
  percentColumn("齐全率", (r) => r.readyPercent),
];
