import { useState } from "react";
import { App, Button, Card, Input, Switch, Table, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { BOARD_CATEGORY_LABEL_MAX, BOARD_KIND_LABELS, type BoardKind } from "@chuangcheng/domain/rules";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRefreshBoard } from "./board-modals";

type Category = NonNullable<ReturnType<typeof useCategories>["data"]>[number];

function useCategories(communityId: number) {
  const trpc = useTRPC();
  return useQuery(trpc.board.categories.queryOptions({ communityId }));
}

/** Characters as people count them (an emoji is one), as the server counts them. */
const length = (text: string) => Array.from(text.trim()).length;

/**
 * 榜单类别: a 社区's name for each built-in category of the 白榜 and the 黑榜, and whether it is offered
 * for new entries. Each row saves by itself.
 */
export function BoardCategorySettings({ communityId }: { communityId: number }) {
  const categories = useCategories(communityId);
  return (
    <Card title="榜单类别" size="small" style={{ maxWidth: 760 }} data-testid="board-categories">
      <Typography.Paragraph type="secondary">
        可为本社区改用自己的类别名称（最多{BOARD_CATEGORY_LABEL_MAX}
        字，留空则恢复默认名称）。停用的类别不再出现在提名上榜和居民推荐中，已有条目照常显示。
      </Typography.Paragraph>
      {categories.isError && (
        <Typography.Paragraph type="danger">{errorMessage(categories.error)}</Typography.Paragraph>
      )}
      {(["white", "black"] as const).map((kind) => (
        <KindTable
          key={kind}
          kind={kind}
          communityId={communityId}
          loading={categories.isPending}
          rows={(categories.data ?? []).filter((c) => c.kind === kind)}
        />
      ))}
    </Card>
  );
}

interface Draft {
  label: string;
  enabled: boolean;
}

/** What the row's fields start from: an empty name field for a category the 社区 has not renamed. */
const savedDraft = (c: Category): Draft => ({
  label: c.label === c.defaultLabel ? "" : c.label,
  enabled: c.enabled,
});

function KindTable({
  kind,
  communityId,
  rows,
  loading,
}: {
  kind: BoardKind;
  communityId: number;
  rows: Category[];
  loading: boolean;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const refresh = useRefreshBoard();
  // Edits not yet saved, by category; a saved row shows what the server says again.
  const [drafts, setDrafts] = useState<Partial<Record<Category["code"], Draft>>>({});
  const draftOf = (c: Category) => drafts[c.code] ?? savedDraft(c);
  const edit = (c: Category, change: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [c.code]: { ...(d[c.code] ?? savedDraft(c)), ...change } }));
  const save = useMutation(
    trpc.board.setCategory.mutationOptions({
      onSuccess: async (all, input) => {
        const saved = all.find((c) => c.code === input.code);
        void message.success(
          `已保存“${saved?.label ?? input.code}”${saved?.enabled === false ? "（已停用）" : ""}`,
        );
        await refresh();
        setDrafts((d) => {
          const next = { ...d };
          delete next[input.code];
          return next;
        });
      },
      onError: (error) => showError(error),
    }),
  );
  const title = BOARD_KIND_LABELS[kind];
  const nameOf = (c: Category) => `${title} ${c.defaultLabel}`;
  return (
    <section aria-label={`${title}类别`} style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Table<Category>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: "默认名称", dataIndex: "defaultLabel", key: "default", width: 120 },
          {
            title: "本社区名称",
            key: "label",
            render: (_, c) => {
              const { label } = draftOf(c);
              const tooLong = length(label) > BOARD_CATEGORY_LABEL_MAX;
              return (
                <>
                  <Input
                    aria-label={`${nameOf(c)} 本社区名称`}
                    value={label}
                    placeholder={c.defaultLabel}
                    status={tooLong ? "error" : undefined}
                    style={{ width: 180 }}
                    onChange={(e) => edit(c, { label: e.target.value })}
                  />
                  {tooLong && (
                    <Typography.Text type="danger" role="alert" style={{ display: "block" }}>
                      本社区名称最多{BOARD_CATEGORY_LABEL_MAX}字
                    </Typography.Text>
                  )}
                </>
              );
            },
          },
          {
            title: "启用",
            key: "enabled",
            width: 110,
            render: (_, c) => (
              // The state beside the switch, in the page's own colours (antd's 停用 inside it is too faint).
              <span style={{ display: "inline-flex", gap: 6, alignItems: "center" }}>
                <Switch
                  aria-label={`${nameOf(c)} 启用`}
                  checked={draftOf(c).enabled}
                  onChange={(enabled) => edit(c, { enabled })}
                />
                <span aria-hidden>{draftOf(c).enabled ? "启用" : "停用"}</span>
              </span>
            ),
          },
          {
            title: "操作",
            key: "save",
            width: 80,
            render: (_, c) => {
              const draft = draftOf(c);
              const saved = savedDraft(c);
              const changed = draft.label.trim() !== saved.label || draft.enabled !== saved.enabled;
              const saving = save.isPending && save.variables?.code === c.code;
              return (
                <Button
                  size="small"
                  type={changed ? "primary" : "default"}
                  disabled={!changed || length(draft.label) > BOARD_CATEGORY_LABEL_MAX}
                  loading={saving}
                  aria-label={`保存 ${nameOf(c)}`}
                  onClick={() =>
                    save.mutate({
                      communityId,
                      code: c.code,
                      label: draft.label.trim(),
                      enabled: draft.enabled,
                    })
                  }
                >
                  保存
                </Button>
              );
            },
          },
        ]}
      />
    </section>
  );
}
