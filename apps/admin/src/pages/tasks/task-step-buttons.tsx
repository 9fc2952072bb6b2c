import { useState } from "react";
import { App, Button } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TASK_ACTION_LABELS, type TaskAction } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { TaskStepModal, type StepTarget } from "./task-step-modal";

/**
 * Taking a step of a task, wherever it is offered (a card, the drawer, a drop on the 看板): 开始办理
 * at once, the others through their dialog. Render `dialog` once where the hook is used.
 */
export function useTaskSteps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [step, setStep] = useState<{ action: Exclude<TaskAction, "start">; task: StepTarget } | null>(null);
  const start = useMutation(
    trpc.task.start.mutationOptions({
      onSuccess: () => {
        void message.success("已开始办理");
        void queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() });
      },
      onError: (error) => showError(error),
    }),
  );
  const take = (action: TaskAction, task: StepTarget) => {
    if (action === "start") start.mutate({ id: task.id, version: task.version });
    else setStep({ action, task });
  };
  const dialog = step && (
    <TaskStepModal task={step.task} action={step.action} onClose={() => setStep(null)} />
  );
  return { take, starting: start.isPending, dialog };
}

const PRIMARY: readonly TaskAction[] = ["report", "submit", "accept"];

/** A button for each step the caller may take on a task, and the dialog a step opens. */
export function TaskStepButtons({ task, actions }: { task: StepTarget; actions: readonly TaskAction[] }) {
  const { take, starting, dialog } = useTaskSteps();
  return (
    <>
      {actions.map((a) => (
        <Button
          key={a}
          type={PRIMARY.includes(a) ? "primary" : "default"}
          danger={a === "cancel"}
          loading={a === "start" && starting}
          onClick={() => take(a, task)}
        >
          {TASK_ACTION_LABELS[a]}
        </Button>
      ))}
      {dialog}
    </>
  );
}
