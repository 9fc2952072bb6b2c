import { useState } from "react";
import { App, Button, InputNumber, Radio, Space } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TARGET_PRESETS_PERMILLE } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

const PRESETS: readonly number[] = TARGET_PRESETS_PERMILLE;

/** 注册率目标: the presets (8%, 10%, 13%) or a custom percentage; stored in per mille (10% = 100). */
export function TargetSetter({ communityId, targetPercent }: { communityId: number; targetPercent: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const currentPermille = Math.round(targetPercent * 10);
  const [choice, setChoice] = useState<number | "custom">(
    PRESETS.includes(currentPermille) ? currentPermille : "custom",
  );
  const [custom, setCustom] = useState<number | null>(targetPercent);
  const permille = choice === "custom" ? (custom === null ? null : Math.round(custom * 10)) : choice;

  const save = useMutation(
    trpc.volunteer.setTarget.mutationOptions({
      onSuccess: async (_res, input) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.volunteer.ratio.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success(`注册率目标已设为 ${input.targetPermille / 10}%`);
      },
      onError: (error) => showError(error),
    }),
  );

  return (
    <Space wrap size={8}>
      <span>目标：</span>
      <Radio.Group
        optionType="button"
        size="small"
        value={choice}
        aria-label="注册率目标"
        onChange={(e) => setChoice(e.target.value as number | "custom")}
        options={[
          ...PRESETS.map((p) => ({ value: p, label: `${p / 10}%` })),
          { value: "custom", label: "自定义" },
        ]}
      />
      {choice === "custom" && (
        <InputNumber<number>
          size="small"
          min={0.1}
          max={100}
          step={0.5}
          precision={1}
          value={custom}
          onChange={setCustom}
          suffix="%"
          aria-label="自定义目标（%）"
          style={{ width: 110 }}
        />
      )}
      <Button
        size="small"
        type="primary"
        disabled={permille === null || permille === currentPermille}
        loading={save.isPending}
        onClick={() => permille !== null && save.mutate({ communityId, targetPermille: permille })}
      >
        保存目标
      </Button>
    </Space>
  );
}
