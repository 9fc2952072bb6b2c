import { Checkbox, DatePicker, Select, Space } from "antd";
import dayjs from "dayjs";
import {
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_DEFAULTS,
  PROBLEM_SOURCES,
  PROBLEM_SOURCE_LABELS,
  type ProblemCategory,
  type ProblemSource,
} from "@chuangcheng/domain/rules";
import { UnitScopeSelects } from "../../lib/unit-scope-selects";
import type { ProblemFilters } from "./problems-url";

const categoryOptions = PROBLEM_CATEGORIES.map((c) => ({
  value: c,
  label: PROBLEM_CATEGORY_DEFAULTS[c].label,
}));
const sourceOptions = PROBLEM_SOURCES.map((s) => ({ value: s, label: PROBLEM_SOURCE_LABELS[s] }));
const ymd = (d: dayjs.Dayjs | null) => (d ? d.format("YYYY-MM-DD") : undefined);

/** The list's filters (the state is the tab): 社区, 网格, 楼院, 类别, 来源, 只看超期 and 发现日期. */
export function ProblemFilterBar({
  value,
  onChange,
}: {
  value: ProblemFilters;
  onChange: (next: ProblemFilters) => void;
}) {
  const set = (patch: Partial<ProblemFilters>) => onChange({ ...value, ...patch });

  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <UnitScopeSelects value={value} onChange={set} />
      <Select<ProblemCategory>
        placeholder="问题类别"
        aria-label="按问题类别筛选"
        allowClear
        style={{ width: 170 }}
        value={value.category}
        options={categoryOptions}
        onChange={(category) => set({ category })}
      />
      <Select<ProblemSource>
        placeholder="来源"
        aria-label="按来源筛选"
        allowClear
        style={{ width: 100 }}
        value={value.source}
        options={sourceOptions}
        onChange={(source) => set({ source })}
      />
      <DatePicker
        placeholder="发现日期从"
        aria-label="发现日期从"
        style={{ width: 140 }}
        value={value.from ? dayjs(value.from) : null}
        disabledDate={(d) => (value.to ? d.format("YYYY-MM-DD") > value.to : false)}
        onChange={(d) => set({ from: ymd(d) })}
      />
      <DatePicker
        placeholder="发现日期至"
        aria-label="发现日期至"
        style={{ width: 140 }}
        value={value.to ? dayjs(value.to) : null}
        disabledDate={(d) => (value.from ? d.format("YYYY-MM-DD") < value.from : false)}
        onChange={(d) => set({ to: ymd(d) })}
      />
      <Checkbox
        checked={value.overdue === true}
        onChange={(e) => set({ overdue: e.target.checked || undefined })}
      >
        只看超期
      </Checkbox>
    </Space>
  );
}
