import { useState, type DragEvent } from "react";
import { App, Button, Card, Typography } from "antd";
import { chinaToday } from "@chuangcheng/client";
import {
  TASK_ACTION_LABELS,
  TASK_STATE_LABELS,
  taskActionsFrom,
  taskTransition,
  type TaskAction,
  type TaskState,
} from "@chuangcheng/domain/rules";
import { ColourTag, DueText, TaskProgress, isOpenTask } from "./task-bits";
import { type StepTarget } from "./task-step-modal";
import { useTaskSteps } from "./task-step-buttons";
import { stepBetween } from "./task-tree";

const COLUMNS: TaskState[] = ["not_started", "in_progress", "pending_acceptance", "done", "cancelled"];

export interface BoardTask extends StepTarget {
  state: TaskState;
  dueOn: string;
  unit: { name: string };
  assignee: { name: string } | null;
  rolledUp: number;
  colour: Parameters<typeof ColourTag>[0]["colour"];
  actions: TaskAction[];
}

const transition = (from: TaskState, a: TaskAction) =>
  taskActionsFrom(from).includes(a) ? taskTransition(from, a) : null;

/**
 * 看板: the tasks in a column per state. A card dragged to another column takes the step of the one
 * transition table that leads there (开始办理, 提交验收, 验收通过, 退回, 取消), if the caller may take
 * it; the steps that want words open their dialog first. Without a mouse, the card's title opens
 * the task, whose drawer has the same steps as buttons.
 */
export function TaskBoard({ tasks, onOpen }: { tasks: readonly BoardTask[]; onOpen: (id: number) => void }) {
  const { message } = App.useApp();
  const steps = useTaskSteps();
  const [dragging, setDragging] = useState<BoardTask | null>(null);
  const [over, setOver] = useState<TaskState | null>(null);
  const today = chinaToday();

  const drop = (to: TaskState) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const t = dragging;
    setDragging(null);
    if (!t || t.state === to) return;
    const action = stepBetween(t.state, to, t.actions, transition);
    if (!action) {
      void message.warning(
        `不能把“${t.title}”从“${TASK_STATE_LABELS[t.state]}”移到“${TASK_STATE_LABELS[to]}”`,
      );
      return;
    }
    steps.take(action, t);
  };

  return (
    <div className="task-board" data-testid="task-board">
      {COLUMNS.map((state) => {
        const cards = tasks.filter((t) => t.state === state);
        const target = dragging ? stepBetween(dragging.state, state, dragging.actions, transition) : null;
        return (
          <section
            key={state}
            aria-label={TASK_STATE_LABELS[state]}
            className={`task-board-column${over === state && target ? " is-over" : ""}`}
            onDragOver={(e) => {
              if (!target) return;
              e.preventDefault();
              setOver(state);
            }}
            onDragLeave={() => setOver((o) => (o === state ? null : o))}
            onDrop={drop(state)}
          >
            <Typography.Title level={5} style={{ margin: "0 0 8px" }}>
              {TASK_STATE_LABELS[state]}（{cards.length}）
            </Typography.Title>
            {dragging && target && dragging.state !== state && (
              <Typography.Text type="secondary" className="task-board-hint">
                放到此处：{TASK_ACTION_LABELS[target]}
              </Typography.Text>
            )}
            {cards.map((t) => (
              <Card
                key={t.id}
                size="small"
                draggable={t.actions.some((a) => a !== "report")}
                onDragStart={() => setDragging(t)}
                onDragEnd={() => {
                  setDragging(null);
                  setOver(null);
                }}
                data-testid="board-card"
                styles={{ body: { padding: 10 } }}
                style={{ marginBottom: 8, cursor: "grab" }}
              >
                <Button
                  type="link"
                  style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "left" }}
                  onClick={() => onOpen(t.id)}
                >
                  {t.title}
                </Button>
                <div>
                  <Typography.Text type="secondary">
                    {t.unit.name}
                    {t.assignee && ` · ${t.assignee.name}`}
                  </Typography.Text>
                </div>
                <div>
                  <DueText dueOn={t.dueOn} today={today} open={isOpenTask(t.state)} />
                  <ColourTag colour={t.colour} />
                </div>
                <TaskProgress percent={t.rolledUp} state={t.state} />
              </Card>
            ))}
          </section>
        );
      })}
      {steps.dialog}
    </div>
  );
}
