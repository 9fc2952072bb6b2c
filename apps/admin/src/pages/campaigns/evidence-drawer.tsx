import { Descriptions, Drawer, Grid, Spin, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ASSESS_METHOD_LABELS,
  EVIDENCE_KIND_LABELS,
  READINESS_LABELS,
  type Readiness,
} from "@chuangcheng/domain/rules";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { EvidenceForm } from "./evidence-form";
import { EvidenceLinks } from "./evidence-links";
import { EvidenceList } from "./evidence-list";
import "./evidence.css";

export const READINESS_COLORS: Record<Readiness, string> = {
  complete: "green",
  partial: "orange",
  missing: "red",
};
const MEASURE_COLORS = { met: "green", unmet: "orange", unmeasurable: "default" } as const;
const MEASURE_LABELS = { met: "已达标", unmet: "未达标", unmeasurable: "暂不能测量" } as const;

/**
 * 材料 of one checklist item (campaign.evidence): the item, its readiness and what it lacks in words,
 * its measured target; the evidence filed; the system's records proposed as evidence; and 上传材料
 * for those who may file (the 社区's admins, or the grid worker the item was given to). Full width on
 * a phone, where grid workers file from the spot.
 */
export function EvidenceDrawer(props: {
  itemId: number;
  /** the 责任人 as the checklist names them (campaign.evidence gives the id, its name may be empty) */
  assigneeName?: string | undefined;
  onClose: () => void;
}) {
  const { itemId, assigneeName, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const wide = Grid.useBreakpoint().md !== false;
  const detail = useQuery(trpc.campaign.evidence.queryOptions({ itemId }));
  const d = detail.data;

  // The drawer, the checklist's 准备情况 and the campaign's readiness all follow a change.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.campaign.evidence.queryKey({ itemId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.campaign.checklist.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.campaign.readiness.pathKey() }),
    ]);

  const item = d?.item;
  const measure = item?.readiness.measure;
  return (
    <Drawer
      title={item ? `材料 · ${item.content}` : "材料"}
      open
      onClose={onClose}
      size={wide ? 720 : "100%"}
      destroyOnHidden
      closable={{ "aria-label": "关闭" }}
    >
      {detail.isPending && <Spin />}
      {detail.isError && (
        <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>
      )}
      {d && item && (
        <div className="evidence-drawer" data-testid="evidence-drawer">
          <section aria-label="测评项">
            <Descriptions
              size="small"
              bordered
              column={1}
              styles={{ label: { width: 88, whiteSpace: "nowrap" } }}
              items={[
                { key: "project", label: "测评项目", children: item.project },
                { key: "content", label: "测评内容", children: item.content },
                {
                  key: "standard",
                  label: "测评标准",
                  children: <span style={{ overflowWrap: "anywhere" }}>{item.standard}</span>,
                },
                {
                  key: "method",
                  label: "测评方式 / 分值",
                  children: `${ASSESS_METHOD_LABELS[item.method]} · ${item.points} 分`,
                },
                {
                  key: "evidence",
                  label: "所需材料",
                  children: item.evidence.map((k) => EVIDENCE_KIND_LABELS[k]).join("、"),
                },
                {
                  key: "assignee",
                  label: "责任人",
                  children: item.assignee ? item.assignee.name || assigneeName || "已指定" : "未指定",
                },
                {
                  key: "readiness",
                  label: "准备情况",
                  children: (
                    <div data-testid="evidence-readiness">
                      <Tag color={READINESS_COLORS[item.readiness.readiness]}>
                        {READINESS_LABELS[item.readiness.readiness]}
                      </Tag>
                      {/* The target's shortfall has its own row below. */}
                      {item.readiness.gaps
                        .filter((gap) => gap !== measure?.text)
                        .map((gap) => (
                          <div key={gap} className="campaign-gap">
                            {gap}
                          </div>
                        ))}
                    </div>
                  ),
                },
                ...(measure
                  ? [
                      {
                        key: "measure",
                        label: "测量结果",
                        children: (
                          <div data-testid="evidence-measure">
                            <Tag color={MEASURE_COLORS[measure.state]}>{MEASURE_LABELS[measure.state]}</Tag>
                            <span>{measure.text}</span>
                          </div>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </section>

          <section aria-labelledby="evidence-filed-title">
            <Typography.Title level={5} id="evidence-filed-title">
              已上传材料（{d.evidence.length}）
            </Typography.Title>
            <EvidenceList evidence={d.evidence} mayFile={d.mayFile} onChanged={refresh} />
          </section>

          {(d.links.length > 0 ||
            item.measure?.kind === "activities_per_month" ||
            item.measure?.kind === "board_monthly" ||
            item.measure?.kind === "problems_on_time") && (
            <section aria-labelledby="evidence-links-title">
              <Typography.Title level={5} id="evidence-links-title">
                系统推荐的记录
              </Typography.Title>
              <EvidenceLinks itemId={itemId} links={d.links} mayFile={d.mayFile} onChanged={refresh} />
            </section>
          )}

          {d.mayFile && (
            <section aria-labelledby="evidence-upload-title">
              <Typography.Title level={5} id="evidence-upload-title">
                上传材料
              </Typography.Title>
              <EvidenceForm itemId={itemId} kinds={item.evidence} onFiled={refresh} />
            </section>
          )}
        </div>
      )}
    </Drawer>
  );
}
