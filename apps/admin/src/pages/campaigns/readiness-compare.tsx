import { useMemo, useState } from "react";
import { Button, Select, Space, Table, Typography, type TableColumnsType } from "antd";
import type { CommunityReadiness } from "./readiness-types";
import { shareBand } from "./readiness-types";

type Order = "desc" | "asc" | "name";
const ORDER_OPTIONS: Array<{ value: Order; label: string }> = [
  { value: "desc", label: "按准备率从高到低" },
  { value: "asc", label: "按准备率从低到高" },
  { value: "name", label: "按社区名称" },
];

interface Share {
  complete: number;
  items: number;
  readyPercent: number;
}

/** A share ready: its percentage on the band's colour, and how many of how many items. */
export function ShareCell({ share }: { share: Share | undefined }) {
  if (!share || share.items === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span data-testid="readiness-share" data-percent={share.readyPercent}>
      <span className={`readiness-share readiness-share-${shareBand(share.readyPercent)}`}>
        {share.readyPercent}%
      </span>
      <span className="readiness-share-count">
        {share.complete}/{share.items}
      </span>
    </span>
  );
}

/**
 * A street's campaign, every 社区 side by side: a row per 测评项目 (in checklist order), a column per
 * 社区 (ordered by readiness or name), each cell the share of its items 齐全, and the whole checklist
 * in the last row. A 社区's name opens its checklist below.
 */
export function ReadinessCompare(props: {
  communities: readonly CommunityReadiness[];
  chosenId: number | undefined;
  onPick: (communityId: number) => void;
}) {
  const { communities, chosenId, onPick } = props;
  const [order, setOrder] = useState<Order>("desc");
  const columnsOf = useMemo(() => {
    const sorted = [...communities];
    if (order === "name") sorted.sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.id - b.id);
    else {
      const sign = order === "desc" ? -1 : 1;
      sorted.sort((a, b) => sign * (a.readyPercent - b.readyPercent) || a.id - b.id);
    }
    return sorted;
  }, [communities, order]);
  // 测评项目 in checklist order, as the first 社区 lists them, then any only others have.
  const projects = useMemo(() => {
    const seen = new Set<string>();
    for (const c of communities) for (const p of c.projects) seen.add(p.project);
    return [...seen];
  }, [communities]);
  const shareOf = (c: CommunityReadiness, project: string) => c.projects.find((p) => p.project === project);

  const columns: TableColumnsType<{ project: string }> = [
    {
      title: "测评项目",
      key: "project",
      width: 140,
      render: (_, r) => <span style={{ overflowWrap: "anywhere" }}>{r.project}</span>,
    },
    ...columnsOf.map((c) => ({
      key: `c${c.id}`,
      width: 120,
      title: (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, fontWeight: c.id === chosenId ? 700 : 600 }}
          aria-pressed={c.id === chosenId}
          onClick={() => onPick(c.id)}
          data-testid="readiness-community"
        >
          {c.name}
        </Button>
      ),
      render: (_: unknown, r: { project: string }) => <ShareCell share={shareOf(c, r.project)} />,
    })),
  ];

  return (
    <div data-testid="readiness-compare">
      <Space wrap style={{ marginBottom: 8 }}>
        <label htmlFor="readiness-order">社区排序</label>
        <Select<Order>
          id="readiness-order"
          style={{ width: 180 }}
          value={order}
          options={ORDER_OPTIONS}
          onChange={setOrder}
        />
        <Typography.Text type="secondary">点击社区名称查看其测评清单</Typography.Text>
      </Space>
      {/* Scrolled by its own box, not antd's scroll.x: that one repeats the headers' buttons in a
          hidden measuring row, where a keyboard would still reach them. */}
      <div className="readiness-scroll" role="region" aria-label="各社区准备情况对比" tabIndex={0}>
        <Table<{ project: string }>
          style={{ minWidth: 140 + 120 * columnsOf.length }}
          rowKey="project"
          size="small"
          bordered
          pagination={false}
          columns={columns}
          dataSource={projects.map((project) => ({ project }))}
          summary={() => (
            <Table.Summary>
              <Table.Summary.Row className="readiness-overall" data-testid="readiness-overall">
                <Table.Summary.Cell index={0}>全部测评项</Table.Summary.Cell>
                {columnsOf.map((c, i) => (
                  <Table.Summary.Cell key={c.id} index={i + 1}>
                    <ShareCell share={c} />
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </div>
    </div>
  );
}
