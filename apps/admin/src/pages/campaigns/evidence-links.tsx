import { Button, Space, Tag, Typography } from "antd";
import { useMutation } from "@tanstack/react-query";
import {
  EVIDENCE_KIND_LABELS,
  LINK_RECORD_TYPE_LABELS,
  LINK_STATE_LABELS,
  type LinkState,
} from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { EvidenceLink } from "./evidence-types";

const STATE_COLORS: Record<LinkState, string> = { proposed: "blue", confirmed: "green", removed: "default" };
const SECTIONS: Array<{ state: LinkState; title: string; empty?: string }> = [
  { state: "proposed", title: "待确认", empty: "没有待确认的记录" },
  { state: "confirmed", title: "已确认" },
  { state: "removed", title: "已移除" },
];

/**
 * 系统推荐的记录: the system's own records that count as the item's evidence (its activities of the
 * period, 黑白榜 editions, closed problems). Proposed ones wait for 确认 or 移除; confirmed ones count
 * (and may be removed); removed ones are kept apart and may be confirmed again.
 */
export function EvidenceLinks(props: {
  itemId: number;
  links: readonly EvidenceLink[];
  mayFile: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { itemId, links, mayFile, onChanged } = props;
  const trpc = useTRPC();
  const showError = useShowError();
  const options = { onSuccess: onChanged, onError: (error: unknown) => showError(error) };
  const confirm = useMutation(trpc.campaign.confirmLink.mutationOptions(options));
  const remove = useMutation(trpc.campaign.removeLink.mutationOptions(options));
  const busy = confirm.isPending || remove.isPending;
  const ref = (l: EvidenceLink) => ({ itemId, recordType: l.recordType, recordId: l.recordId });

  return (
    <div data-testid="evidence-links">
      {SECTIONS.map(({ state, title, empty }) => {
        const rows = links.filter((l) => l.state === state);
        if (rows.length === 0 && !empty) return null;
        return (
          <section key={state} aria-label={`${title}的记录`} className="evidence-link-section">
            <Typography.Text strong>
              {title}（{rows.length}）
            </Typography.Text>
            {rows.length === 0 ? (
              <div className="evidence-muted">{empty}</div>
            ) : (
              <ul className="evidence-links" data-testid={`links-${state}`}>
                {rows.map((l) => (
                  <li key={`${l.recordType}:${l.recordId}`} aria-label={l.title}>
                    <div className="evidence-link-text">
                      <Space size={4} wrap>
                        <Tag>{LINK_RECORD_TYPE_LABELS[l.recordType]}</Tag>
                        <span>{l.title}</span>
                      </Space>
                      <div className="evidence-muted">
                        {l.date} · 计为：{l.kinds.map((k) => EVIDENCE_KIND_LABELS[k]).join("、")}
                        {l.decidedBy && ` · ${LINK_STATE_LABELS[l.state]}：${l.decidedBy.name}`}
                      </div>
                    </div>
                    {mayFile ? (
                      <Space size={4} className="evidence-link-actions">
                        {l.state !== "confirmed" && (
                          <Button
                            size="small"
                            type="primary"
                            ghost
                            disabled={busy}
                            aria-label={`确认 ${l.title}`}
                            onClick={() => confirm.mutate(ref(l))}
                          >
                            确认
                          </Button>
                        )}
                        {l.state !== "removed" && (
                          <Button
                            size="small"
                            disabled={busy}
                            aria-label={`移除 ${l.title}`}
                            onClick={() => remove.mutate(ref(l))}
                          >
                            移除
                          </Button>
                        )}
                      </Space>
                    ) : (
                      <Tag color={STATE_COLORS[l.state]}>{LINK_STATE_LABELS[l.state]}</Tag>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
