import { useState } from "react";
import { App, Button, Card, Empty, Input, InputNumber, Select, Switch, Table, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  CATEGORY_LABEL_MAX,
  TIME_LIMIT_MAX_DAYS,
  TIME_LIMIT_MIN_DAYS,
  timeLimitError,
} from "@chuangcheng/domain/rules";
import { useCommunities } from "../../lib/communities";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

type Category = NonNullable<ReturnType<typeof useCategories>["data"]>[number];

function useCategories(communityId: number | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.problem.categorySettings.queryOptions({ communityId: communityId ?? 0 }),
    enabled: communityId !== undefined,
  });
}

/** 类别设置: each 社区's name, 处置时限 and switch of every category (a switched-off one is not offered). */
export function CategorySettings() {
  const { managed, managedOptions, isPending } = useCommunities();
  const [chosen, setChosen] = useState<number | undefined>();
  const communityId = chosen ?? managed[0]?.id;
  const categories = useCategories(communityId);
  if (!isPending && managed.length === 0) return <Empty description="您没有可管理的社区" />;
  return (
    <Card
      title="问题类别与处置时限"
      size="small"
      extra={
        managed.length > 1 && (
          <Select<number>
            aria-label="选择社区"
            style={{ width: 220 }}
            value={communityId}
            options={managedOptions}
            onChange={setChosen}
          />
        )
      }
    >
      <Typography.Paragraph type="secondary">
        处置时限从派遣当天起算；停用的类别不再出现在随手拍和巡查的类别中，已有问题不受影响。
      </Typography.Paragraph>
      {categories.isError && (
        <Typography.Paragraph type="danger">{errorMessage(categories.error)}</Typography.Paragraph>
      )}
      <Table<Category>
        rowKey="code"
        size="small"
        loading={categories.isPending && communityId !== undefined}
        dataSource={categories.data ?? []}
        pagination={false}
        columns={[
          { title: "类别", dataIndex: "defaultLabel", key: "default", width: 150 },
          {
            title: "设置",
            key: "edit",
            render: (_, c) =>
              communityId !== undefined && (
                <CategoryRow
                  key={`${communityId}-${c.code}-${c.label}-${c.timeLimitDays}-${c.enabled}`}
                  communityId={communityId}
                  category={c}
                />
              ),
          },
        ]}
      />
    </Card>
  );
}

function CategoryRow({ communityId, category }: { communityId: number; category: Category }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const [label, setLabel] = useState(category.label);
  const [days, setDays] = useState<number | null>(category.timeLimitDays);
  const [enabled, setEnabled] = useState(category.enabled);
  const save = useMutation(
    trpc.problem.setCategory.mutationOptions({
      onSuccess: () => void message.success(`已保存“${label.trim()}”`),
      onError: (error) => showError(error),
    }),
  );
  const changed = label !== category.label || days !== category.timeLimitDays || enabled !== category.enabled;
  const daysError = days === null ? "请输入处置时限" : timeLimitError(days);
  const labelError = label.trim() === "" ? "请填写类别名称" : null;
  const name = category.defaultLabel;
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
      <Input
        aria-label={`${name} 名称`}
        value={label}
        maxLength={CATEGORY_LABEL_MAX}
        status={labelError ? "error" : undefined}
        style={{ width: 180 }}
        onChange={(e) => setLabel(e.target.value)}
      />
      <InputNumber<number>
        aria-label={`${name} 处置时限（天）`}
        value={days}
        min={TIME_LIMIT_MIN_DAYS}
        max={TIME_LIMIT_MAX_DAYS}
        precision={0}
        suffix="天"
        status={daysError ? "error" : undefined}
        style={{ width: 110 }}
        onChange={setDays}
      />
      <Switch
        aria-label={`${name} 启用`}
        checked={enabled}
        checkedChildren="启用"
        unCheckedChildren="停用"
        onChange={setEnabled}
      />
      <Button
        size="small"
        type={changed ? "primary" : "default"}
        disabled={!changed || daysError !== null || labelError !== null}
        loading={save.isPending}
        aria-label={`保存 ${name}`}
        onClick={() =>
          save.mutate({
            communityId,
            code: category.code,
            label: label.trim(),
            timeLimitDays: days!,
            enabled,
          })
        }
      >
        保存
      </Button>
      {(labelError ?? daysError) && (
        <Typography.Text type="danger" role="alert">
          {labelError ?? daysError}
        </Typography.Text>
      )}
    </div>
  );
}
