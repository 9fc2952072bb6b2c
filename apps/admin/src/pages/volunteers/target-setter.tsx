import { useState } from "react";
import { App, Button, InputNumber, Radio, Space, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TARGET_PRESETS_PERMILLE, ratioTargetError } from "@chuangcheng/domain/rules";
import { splitServerErrors } from "@chuangcheng/client";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

const PRESETS: readonly number[] = TARGET_PRESETS_PERMILLE;

/** A typed percentage in per mille, without rounding it away: 10.25 stays 102.5 for the rule to refuse. */
const toPermille = (percent: number) => Math.round(percent * 10 * 1e6) / 1e6;

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
  const [serverError, setServerError] = useState<string | null>(null);
  const permille = choice === "custom" ? (custom === null ? null : toPermille(custom)) : choice;
  // Out of range is refused with the domain's message, never clamped to the nearest allowed value.
  const typedError =
    choice === "custom" ? (permille === null ? "请输入目标（%）" : ratioTargetError(permille)) : null;
  const error = typedError ?? serverError;

  const save = useMutation(
    trpc.volunteer.setTarget.mutationOptions({
      onSuccess: async (_res, input) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.volunteer.ratio.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success(`注册率目标已设为 ${input.targetPermille / 10}%`);
      },
      onError: (failure) => {
        const { fields, rest } = splitServerErrors(failure, ["targetPermille"]);
        setServerError(fields[0]?.errors[0] ?? null);
        if (rest.length > 0) showError(failure);
      },
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
        onChange={(e) => {
          setChoice(e.target.value as number | "custom");
          setServerError(null);
        }}
        options={[
          ...PRESETS.map((p) => ({ value: p, label: `${p / 10}%` })),
          { value: "custom", label: "自定义" },
        ]}
      />
      {choice === "custom" && (
        <InputNumber<number>
          size="small"
          step={0.5}
          value={custom}
          onChange={(v) => {
            setCustom(v);
            setServerError(null);
          }}
          status={error ? "error" : undefined}
          suffix="%"
          aria-label="自定义目标（%）"
          aria-invalid={error !== null}
          style={{ width: 110 }}
        />
      )}
      <Button
        size="small"
        type="primary"
        disabled={permille === null || error !== null || permille === currentPermille}
        loading={save.isPending}
        onClick={() => permille !== null && save.mutate({ communityId, targetPermille: permille })}
      >
        保存目标
      </Button>
      {error && (
        <Typography.Text type="danger" role="alert" data-testid="target-error">
          {error}
        </Typography.Text>
      )}
    </Space>
  );
}
