import { Button, Empty, Typography } from "antd";
import { chinaToday } from "@chuangcheng/client";
import { TASK_STATE_LABELS, type SupervisionColour, type TaskState } from "@chuangcheng/domain/rules";
import { isOpenTask } from "./task-bits";

export interface TimelineTask {
  id: number;
  title: string;
  unit: { id: number; name: string };
  startOn: string;
  dueOn: string;
  state: TaskState;
  colour: SupervisionColour | null;
  overdue: boolean;
}

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
const BAR: Record<SupervisionColour | "none" | "closed", string> = {
  red: "#cf1322",
  yellow: "#d48806",
  blue: "#1f5fbf",
  none: "#5b8def",
  closed: "#8c8c8c",
};

/**
 * 时间轴: each unit's tasks as bars from 开始 to 时限 on one scale, today marked; a bar takes its 督办
 * colour (grey once finished). Every bar also says its dates and state in words, for a screen reader
 * and for a printout.
 */
export function TaskTimeline({
  tasks,
  onOpen,
}: {
  tasks: readonly TimelineTask[];
  onOpen: (id: number) => void;
}) {
  if (tasks.length === 0) return <Empty description="没有任务" />;
  const today = chinaToday();
  const from = Math.min(...tasks.map((t) => day(t.startOn)), day(today));
  const to = Math.max(...tasks.map((t) => day(t.dueOn)), day(today)) + 1;
  const pct = (d: number) => `${(((d - from) / (to - from)) * 100).toFixed(2)}%`;
  const units = [...new Map(tasks.map((t) => [t.unit.id, t.unit.name]))];
  return (
    <div className="task-timeline" data-testid="task-timeline">
      <div className="task-timeline-scale" aria-hidden>
        <span>{new Date(from * 86_400_000).toISOString().slice(0, 10)}</span>
        <span>{new Date((to - 1) * 86_400_000).toISOString().slice(0, 10)}</span>
      </div>
      {units.map(([unitId, name]) => (
        <section key={unitId} aria-label={name} className="task-timeline-unit">
          <Typography.Text strong>{name}</Typography.Text>
          {tasks
            .filter((t) => t.unit.id === unitId)
            .map((t) => {
              const colour = isOpenTask(t.state) ? (t.colour ?? "none") : "closed";
              return (
                <div key={t.id} className="task-timeline-row">
                  <Button type="link" className="task-timeline-title" onClick={() => onOpen(t.id)}>
                    {t.title}
                  </Button>
                  <div className="task-timeline-track">
                    <span className="task-timeline-today" style={{ left: pct(day(today)) }} aria-hidden />
                    <span
                      className="task-timeline-bar"
                      style={{
                        left: pct(day(t.startOn)),
                        width: pct(from + day(t.dueOn) + 1 - day(t.startOn)),
                        background: BAR[colour],
                      }}
                    >
                      <span className="sr-only">
                        {t.startOn} 至 {t.dueOn}，{TASK_STATE_LABELS[t.state]}
                        {t.overdue ? "，已逾期" : ""}
                      </span>
                    </span>
                  </div>
                </div>
              );
            })}
        </section>
      ))}
    </div>
  );
}
