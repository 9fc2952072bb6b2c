import { useState, type ReactNode } from "react";
import { Button, Card, Segmented, Space, Table } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import type { EChartsCoreOption } from "echarts/core";
import { Chart } from "./chart";
import { downloadCsv, toCsv } from "./csv";

export interface FigureColumn<T> {
  title: string;
  /** the cell's value, as shown and as exported */
  value: (row: T) => string | number | null;
  /** what the table shows instead (a link, a tag); the export keeps `value` */
  render?: (row: T) => ReactNode;
  /** sorts by `value` when set */
  sortable?: boolean;
  align?: "left" | "right" | "center";
}

/** A figure's table as CSV: the same columns and rows as shown. */
export function tableCsv<T>(columns: readonly FigureColumn<T>[], rows: readonly T[]): string {
  return toCsv(
    columns.map((c) => c.title),
    rows.map((r) => columns.map((c) => c.value(r))),
  );
}

export function FigureTable<T>({
  columns,
  rows,
  rowKey,
  caption,
}: {
  columns: readonly FigureColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  caption: string;
}) {
  return (
    <Table<T>
      size="small"
      pagination={false}
      scroll={{ x: "max-content" }}
      rowKey={rowKey}
      dataSource={[...rows]}
      aria-label={caption}
      // antd's grey 暂无数据 is below the contrast axe asks for.
      locale={{ emptyText: <span style={{ color: "rgba(0, 0, 0, 0.65)" }}>暂无数据</span> }}
      columns={columns.map((c, i) => ({
        key: i,
        title: c.title,
        align: c.align,
        render: (_: unknown, row: T) => (c.render ? c.render(row) : (c.value(row) ?? "—")),
        sorter: c.sortable
          ? (a: T, b: T) => {
              const x = c.value(a);
              const y = c.value(b);
              if (x === null) return y === null ? 0 : -1;
              if (y === null) return 1;
              return typeof x === "number" && typeof y === "number"
                ? x - y
                : String(x).localeCompare(String(y), "zh-CN");
            }
          : undefined,
      }))}
    />
  );
}

export interface ChartCardProps<T> {
  title: string;
  testId: string;
  option?: EChartsCoreOption | undefined;
  /** typed by `rows` (the row type is not inferred from the columns) */
  columns: readonly FigureColumn<NoInfer<T>>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  fileName: string;
  extra?: ReactNode;
  height?: number;
  children?: ReactNode;
}

/**
 * A card of the 数据看板: a chart (or only a table), a 图/表 switch, and 导出 of the table as CSV. The
 * table has the chart's figures, so they can be read by a screen reader and taken into Excel.
 */
export function ChartCard<T>(props: ChartCardProps<T>) {
  const { title, testId, option, columns, rows, rowKey, fileName, extra, height, children } = props;
  const [view, setView] = useState<"chart" | "table">(option ? "chart" : "table");
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      styles={{ body: { minHeight: 120 } }}
      extra={
        <Space size={8} wrap>
          {extra}
          {option && (
            <Segmented
              size="small"
              aria-label={`${title}：图或表`}
              value={view}
              onChange={(v) => setView(v as "chart" | "table")}
              options={[
                { value: "chart", label: "图" },
                { value: "table", label: "表" },
              ]}
            />
          )}
          <Button
            size="small"
            icon={<DownloadOutlined aria-hidden />}
            aria-label={`导出${title}`}
            onClick={() => downloadCsv(`${fileName}.csv`, tableCsv(columns, rows))}
          >
            导出
          </Button>
        </Space>
      }
    >
      {children}
      {option && view === "chart" ? (
        <Chart option={option} label={title} height={height} />
      ) : (
        <FigureTable columns={columns} rows={rows} rowKey={rowKey} caption={title} />
      )}
    </Card>
  );
}
