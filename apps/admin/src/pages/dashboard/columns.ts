import type { FigureColumn } from "./chart-card";
import { monthLabel, pct } from "./figures";

// Column builders of the 数据看板's tables, shared by the 社区 and 街道 views.

/** A count, right-aligned (sorts and exports as the number). */
export function countColumn<T>(title: string, value: (row: T) => number | null): FigureColumn<T> {
  return { title, value, align: "right" };
}

/** A percentage as shown ("37.5%", "—" when there is none). */
export function percentColumn<T>(title: string, value: (row: T) => number | null): FigureColumn<T> {
  return { title, value: (row) => pct(value(row)) };
}

/** The row's month with its year ("2026年12月"). */
export function monthColumn<T extends { month: string }>(title = "月份"): FigureColumn<T> {
  return { title, value: (row) => monthLabel(row.month, true) };
}

/** A percentage shown as such but sorted and exported as the number (the ranking's). */
export function sortablePercentColumn<T>(title: string, value: (row: T) => number | null): FigureColumn<T> {
  return { title, value, render: (row) => pct(value(row)), sortable: true, align: "right" };
}

/** `columns` of a part of each row (a 社区's volunteers, its readiness…), read through `of`. */
export function ofRows<T, U>(of: (row: T) => U, columns: readonly FigureColumn<U>[]): FigureColumn<T>[] {
  return columns.map(({ value, render, ...c }) => ({
    ...c,
    value: (row) => value(of(row)),
    ...(render && { render: (row: T) => render(of(row)) }),
  }));
}
