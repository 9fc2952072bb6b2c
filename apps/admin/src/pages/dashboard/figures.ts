import type { EChartsCoreOption } from "echarts/core";
import {
  TASK_STATES,
  TASK_STATE_LABELS,
  type SupervisionColour,
  type TaskState,
} from "@chuangcheng/domain/rules";

// Labels, colours and chart options of the 数据看板, shared by the 社区 and 街道 views.

export const COLOUR_NAMES: Record<SupervisionColour, string> = { blue: "蓝色", yellow: "黄色", red: "红色" };
export const COLOUR_HEX: Record<SupervisionColour, string> = {
  blue: "#1677ff",
  yellow: "#faad14",
  red: "#f5222d",
};
export const STATE_HEX: Record<TaskState, string> = {
  not_started: "#bfbfbf",
  in_progress: "#1677ff",
  pending_acceptance: "#722ed1",
  done: "#52c41a",
  cancelled: "#8c8c8c",
};
export const READY_HEX = { complete: "#52c41a", partial: "#faad14", missing: "#f5222d" };
const READY_KEYS = ["complete", "partial", "missing"] as const;
const READY_NAMES = { complete: "齐全", partial: "部分", missing: "缺失" };

/** "2026-12" → "12月"; with the year when the months cross one ("2026年12月"). */
export function monthLabel(month: string, withYear = false): string {
  const [y, m] = month.split("-");
  return withYear ? `${y}年${Number(m)}月` : `${Number(m)}月`;
}

export const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

const base = {
  aria: { enabled: true },
  tooltip: { trigger: "axis" },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  legend: { top: 0 },
} as const;

/** Bars per category (x), one series per entry of `series`; stacked when asked. */
export function barOption(
  categories: readonly string[],
  series: ReadonlyArray<{
    name: string;
    data: ReadonlyArray<number | null | { value: number; itemStyle: { color: string } }>;
    color?: string;
    type?: "bar" | "line";
    yAxisIndex?: number;
  }>,
  opts: {
    stack?: boolean;
    percent?: boolean;
    secondAxis?: string;
    markLine?: { name: string; value: number };
  } = {},
): EChartsCoreOption {
  return {
    ...base,
    xAxis: { type: "category", data: categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: [
      { type: "value", minInterval: 1, axisLabel: opts.percent ? { formatter: "{value}%" } : {} },
      ...(opts.secondAxis ? [{ type: "value", name: opts.secondAxis, splitLine: { show: false } }] : []),
    ],
    series: series.map((s, i) => ({
      name: s.name,
      type: s.type ?? "bar",
      data: s.data,
      yAxisIndex: s.yAxisIndex ?? 0,
      stack: opts.stack ? "all" : undefined,
      barMaxWidth: 36,
      itemStyle: s.color ? { color: s.color } : undefined,
      label: {
        show: !opts.stack && series.length <= 2 && (s.type ?? "bar") === "bar",
        position: "top",
        formatter: opts.percent ? "{c}%" : "{c}",
      },
      markLine:
        opts.markLine && i === 0
          ? {
              symbol: "none",
              lineStyle: { type: "dashed", color: "#cf1322" },
              label: { formatter: `${opts.markLine.name} {c}%` },
              data: [{ yAxis: opts.markLine.value }],
            }
          : undefined,
    })),
  };
}

/** A ring of parts (tasks by state). */
export function pieOption(
  parts: ReadonlyArray<{ name: string; value: number; color: string }>,
): EChartsCoreOption {
  return {
    aria: { enabled: true },
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["40%", "68%"],
        center: ["50%", "45%"],
        label: { formatter: "{b} {c}" },
        data: parts
          .filter((p) => p.value > 0)
          .map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.color } })),
      },
    ],
  };
}

export function stateParts(byState: Record<TaskState, number>) {
  return TASK_STATES.map((s) => ({
    state: s,
    name: TASK_STATE_LABELS[s],
    value: byState[s],
    color: STATE_HEX[s],
  }));
}

/** One series per key (a task state, a 督办 colour…), stacked: its name, its colour, a number per category. */
export function stackedOption<K extends string>(
  categories: readonly string[],
  keys: readonly K[],
  names: Record<K, string>,
  colours: Record<K, string>,
  data: (key: K) => ReadonlyArray<number | null>,
): EChartsCoreOption {
  return barOption(
    categories,
    keys.map((k) => ({ name: names[k], data: data(k), color: colours[k] })),
    { stack: true },
  );
}

/** 齐全, 部分 and 缺失 stacked per category (a 测评项目 of a 社区, or a 社区 of the street). */
export function readinessOption(
  categories: readonly string[],
  rows: ReadonlyArray<{ complete: number; partial: number; missing: number }>,
): EChartsCoreOption {
  return stackedOption(categories, READY_KEYS, READY_NAMES, READY_HEX, (k) => rows.map((r) => r[k]));
}
/** 活动场次 as bars and 志愿时长 as a line on a second axis, per category; `prefix` names them ("本月"). */
export function activitiesOption(
  categories: readonly string[],
  rows: ReadonlyArray<{ activities: number; hours: number }>,
  prefix = "",
): EChartsCoreOption {
  return barOption(
    categories,
    [
      { name: `${prefix}活动场次`, data: rows.map((r) => r.activities), color: "#1677ff" },
      {
        name: `${prefix}志愿时长（小时）`,
        data: rows.map((r) => r.hours),
        color: "#eb2f96",
        type: "line",
        yAxisIndex: 1,
      },
    ],
    { secondAxis: "小时" },
  );
}
