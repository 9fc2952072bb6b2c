import { useMemo } from "react";
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
import { descendantsOf, useCommunities } from "../../lib/communities";
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
  const { units, all: communities, allOptions } = useCommunities();
  const set = (patch: Partial<ProblemFilters>) => onChange({ ...value, ...patch });
  const scopeId = value.communityId;
  const grids = useMemo(
    () => (scopeId ? descendantsOf(units, scopeId, "grid") : units.filter((u) => u.kind === "grid")),
    [units, scopeId],
  );
  const courtyards = useMemo(() => {
    const root = value.gridId ?? scopeId;
    return root ? descendantsOf(units, root, "courtyard") : units.filter((u) => u.kind === "courtyard");
  }, [units, scopeId, value.gridId]);

  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {communities.length > 1 && (
        <Select<number>
          placeholder="社区"
          aria-label="按社区筛选"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          style={{ width: 180 }}
          value={value.communityId}
          options={allOptions}
          onChange={(communityId) => set({ communityId, gridId: undefined, courtyardId: undefined })}
        />
      )}
      <Select<number>
        placeholder="网格"
        aria-label="按网格筛选"
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: 170 }}
        value={value.gridId}
        options={grids.map((g) => ({ value: g.id, label: g.name }))}
        onChange={(gridId) => set({ gridId, courtyardId: undefined })}
      />
      <Select<number>
        placeholder="楼院"
        aria-label="按楼院筛选"
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: 150 }}
        value={value.courtyardId}
        options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
        onChange={(courtyardId) => set({ courtyardId })}
      />
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
