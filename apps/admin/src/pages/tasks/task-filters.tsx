import { Button, DatePicker, Select, Space } from "antd";
import dayjs from "dayjs";
import {
  SUPERVISION_COLOURS,
  TASK_STATES,
  TASK_STATE_LABELS,
  type SupervisionColour,
} from "@chuangcheng/domain/rules";
import { COLOUR_SHORT } from "./task-bits";
import { hasFilter, type TaskFilter } from "./task-tree";

const COLOUR_FILTERS: Array<{ value: SupervisionColour | "none"; label: string }> = [
  ...SUPERVISION_COLOURS.map((c) => ({ value: c, label: `${COLOUR_SHORT[c]}督办` })),
  { value: "none", label: "无督办" },
];

/**
 * The task list's filters: 责任单位, 责任人, 状态, 督办 colour and a 时限 range. `onChange` gets the
 * address parameters to set (undefined clears one).
 */
export function TaskFilters({
  filter,
  choices,
  onChange: set,
}: {
  filter: TaskFilter;
  choices: {
    units: Array<{ value: number; label: string }>;
    people: Array<{ value: number; label: string }>;
  };
  onChange: (patch: Record<string, string | number | undefined>) => void;
}) {
  const filtering = hasFilter(filter);
  return (
    <Space wrap>
      <Select<number>
        aria-label="按责任单位筛选"
        placeholder="责任单位"
        allowClear
        style={{ width: 140 }}
        value={filter.unitId}
        options={choices.units}
        onChange={(v) => set({ unit: v })}
      />
      <Select<number>
        aria-label="按责任人筛选"
        placeholder="责任人"
        allowClear
        style={{ width: 120 }}
        value={filter.assigneeId}
        options={choices.people}
        onChange={(v) => set({ person: v })}
      />
      <Select
        aria-label="按状态筛选"
        placeholder="状态"
        allowClear
        style={{ width: 110 }}
        value={filter.state}
        options={TASK_STATES.map((s) => ({ value: s, label: TASK_STATE_LABELS[s] }))}
        onChange={(v) => set({ state: v })}
      />
      <Select
        aria-label="按督办颜色筛选"
        placeholder="督办"
        allowClear
        style={{ width: 120 }}
        value={filter.colour}
        options={COLOUR_FILTERS}
        onChange={(v) => set({ colour: v })}
      />
      <DatePicker.RangePicker
        aria-label="按时限筛选"
        placeholder={["时限从", "到"]}
        value={filter.dueFrom && filter.dueTo ? [dayjs(filter.dueFrom), dayjs(filter.dueTo)] : null}
        onChange={(r) => set({ from: r?.[0]?.format("YYYY-MM-DD"), to: r?.[1]?.format("YYYY-MM-DD") })}
      />
      {filtering && (
        <Button
          onClick={() =>
            set({
              unit: undefined,
              person: undefined,
              state: undefined,
              colour: undefined,
              from: undefined,
              to: undefined,
            })
          }
        >
          清除筛选
        </Button>
      )}
    </Space>
  );
}
