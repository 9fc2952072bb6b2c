import { useMemo, useState } from "react";
import { Button, DatePicker, Form, Segmented, Select } from "antd";
import type { Dayjs } from "dayjs";
import {
  SUMMARY_PERIOD_KIND_LABELS,
  type SummaryPeriodInput,
  type SummaryPeriodKind,
} from "@chuangcheng/domain/rules";

const KINDS: SummaryPeriodKind[] = ["year", "half", "quarter", "month", "campaign", "range"];
const QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"];

export interface UnitOption {
  value: number;
  label: string;
}

export interface CampaignOption {
  id: number;
  name: string;
  scopeId: number;
}

/** Today's year and month in China. */
function chinaYearMonth(): [number, number] {
  const text = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  }).format(new Date());
  const [y, m] = text.split("-").map(Number) as [number, number];
  return [y, m];
}

/**
 * What a 工作总结 is of: the unit (the caller's 社区 and 街道) and the period (a year by default, the
 * half, quarter or month, a campaign's period, or two dates). The server checks both again.
 */
export function SummaryPeriodForm(props: {
  units: UnitOption[];
  campaigns: CampaignOption[];
  /** the unit's 街道 (for a 社区) — a street's campaign covers its 社区 */
  parentOf: (unitId: number) => number | null;
  pending: boolean;
  unitId: number | undefined;
  onUnit: (id: number) => void;
  onGenerate: (period: SummaryPeriodInput) => void;
}) {
  const [thisYear, thisMonth] = useMemo(chinaYearMonth, []);
  const [kind, setKind] = useState<SummaryPeriodKind>("year");
  const [year, setYear] = useState(thisYear);
  const [part, setPart] = useState(1);
  const [campaignId, setCampaignId] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const covering = props.campaigns.filter(
    (c) =>
      props.unitId !== undefined &&
      (c.scopeId === props.unitId || c.scopeId === props.parentOf(props.unitId)),
  );

  const period = (): SummaryPeriodInput | null => {
    switch (kind) {
      case "year":
        return { kind, year };
      case "half":
        return { kind, year, half: part };
      case "quarter":
        return { kind, year, quarter: part };
      case "month":
        return { kind, year, month: part };
      case "campaign":
        return campaignId === undefined ? null : { kind, campaignId };
      case "range":
        return range?.[0] && range[1]
          ? { kind, from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD") }
          : null;
    }
  };
  const parts =
    kind === "half"
      ? ["上半年", "下半年"]
      : kind === "quarter"
        ? QUARTERS
        : kind === "month"
          ? Array.from({ length: 12 }, (_, i) => `${i + 1}月`)
          : [];
  const ready = props.unitId !== undefined && period() !== null;

  return (
    <Form layout="vertical" requiredMark={false} style={{ maxWidth: 520 }}>
      <Form.Item label="单位" htmlFor="summary-unit">
        <Select
          id="summary-unit"
          aria-label="单位"
          placeholder="请选择社区或街道"
          options={props.units}
          value={props.unitId}
          onChange={props.onUnit}
          showSearch
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item label="统计期间">
        <Segmented
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPart(v === "month" ? thisMonth : 1);
          }}
          options={KINDS.map((k) => ({ value: k, label: SUMMARY_PERIOD_KIND_LABELS[k] }))}
        />
      </Form.Item>
      {kind !== "campaign" && kind !== "range" && (
        <Form.Item label="年份" htmlFor="summary-year">
          <Select
            id="summary-year"
            aria-label="年份"
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
          />
        </Form.Item>
      )}
      {parts.length > 0 && (
        <Form.Item label={SUMMARY_PERIOD_KIND_LABELS[kind]} htmlFor="summary-part">
          <Select
            id="summary-part"
            aria-label={SUMMARY_PERIOD_KIND_LABELS[kind]}
            value={part}
            onChange={setPart}
            options={parts.map((label, i) => ({ value: i + 1, label }))}
          />
        </Form.Item>
      )}
      {kind === "campaign" && (
        <Form.Item
          label="创城活动"
          htmlFor="summary-campaign"
          help={covering.length === 0 ? "该单位没有创城活动" : undefined}
        >
          <Select
            id="summary-campaign"
            aria-label="创城活动"
            placeholder="请选择创城活动"
            value={campaignId}
            onChange={setCampaignId}
            options={covering.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
      )}
      {kind === "range" && (
        <Form.Item label="起止日期">
          <DatePicker.RangePicker
            aria-label="起止日期"
            value={range}
            onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
          />
        </Form.Item>
      )}
      <Button
        type="primary"
        loading={props.pending}
        disabled={!ready}
        onClick={() => {
          const p = period();
          if (p) props.onGenerate(p);
        }}
      >
        生成总结草稿
      </Button>
    </Form>
  );
}
