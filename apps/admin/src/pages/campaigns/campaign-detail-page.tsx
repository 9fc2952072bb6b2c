import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
} from "antd";
import {
  ArrowLeftOutlined,
  EditOutlined,
  StepBackwardOutlined,
  StepForwardOutlined,
} from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_STAGE_LABELS,
  CAMPAIGN_STAGES,
  type CampaignStage,
} from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { AssessmentCard } from "./assessment-card";
import { CampaignDocumentsCard } from "./campaign-documents-card";
import { CampaignEditModal } from "./campaign-edit-modal";
import { periodText, stageStep } from "./campaign-labels";
import { ChecklistTable } from "./checklist-table";
import { LeadersCard } from "./leaders-card";
import { LedgerDownload } from "./ledger-download";
import { ReadinessCard } from "./readiness-card";
import "./campaigns.css";

const DETAIL_STYLES = {
  label: { width: 72, flexShrink: 0, whiteSpace: "nowrap" },
  content: { minWidth: 0, overflowWrap: "anywhere" },
} as const;

/**
 * One campaign: its stage (a step at a time, by its admins), name, type and period, the 领导小组, and
 * the checklist of the chosen 社区's copy (a street's campaign: each 社区 the user works in; a 社区's:
 * itself).
 */
export default function CampaignDetailPage() {
  const id = Number(useParams().id);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const { units, all } = useCommunities();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const valid = Number.isInteger(id) && id > 0;
  const detail = useQuery({ ...trpc.campaign.detail.queryOptions({ id }), enabled: valid });

  const stage = useMutation(
    trpc.campaign.setStage.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
        void message.success(`已进入“${CAMPAIGN_STAGE_LABELS[res.stage]}”阶段`);
      },
      onError: (error) => showError(error),
    }),
  );

  if (!valid || detail.isError) {
    return (
      <Result
        status="404"
        title="创城活动不存在"
        subTitle={valid ? errorMessage(detail.error) : undefined}
        extra={<Link to="/campaigns">返回创城活动</Link>}
      />
    );
  }
  const c = detail.data;
  if (!c) return <Spin style={{ display: "block", margin: "80px auto" }} />;

  const manages = (unitId: number) =>
    can(me.data, "campaign.manage") && units.some((u) => u.id === unitId && u.canManage);
  const canManage = manages(c.scope.id);
  // The 社区 whose copy the user reads: those of the campaign in the user's own tree.
  const mine = new Set(all.map((u) => u.id));
  const communities = c.communities.filter((x) => mine.has(x.id));
  const asked = Number(params.get("community"));
  const community = communities.find((x) => x.id === asked) ?? communities[0];
  const next = stageStep(c.stage, 1);
  const back = stageStep(c.stage, -1);
  const moveTo = (to: CampaignStage) =>
    stage.mutateAsync({ id: c.id, version: c.version, stage: to }).catch(() => undefined);

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Link to="/campaigns">
        <ArrowLeftOutlined aria-hidden /> 返回创城活动
      </Link>
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{c.name}</span>
            <Tag>{CAMPAIGN_KIND_LABELS[c.kind]}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            <RefreshButton queryKeys={[trpc.campaign.pathKey()]} />
            {canManage && (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          styles={DETAIL_STYLES}
          items={[
            { key: "kind", label: "类型", children: CAMPAIGN_KIND_LABELS[c.kind] },
            { key: "scope", label: "范围", children: c.scope.name },
            { key: "period", label: "期间", children: periodText(c.periodStart, c.periodEnd) },
          ]}
        />
        <div data-testid="campaign-stage" style={{ marginTop: 12 }}>
          <Steps
            size="small"
            current={CAMPAIGN_STAGES.indexOf(c.stage)}
            items={CAMPAIGN_STAGES.map((s) => ({ title: CAMPAIGN_STAGE_LABELS[s] }))}
            aria-label={`阶段：${CAMPAIGN_STAGE_LABELS[c.stage]}`}
          />
        </div>
        {canManage && (
          <Space wrap style={{ marginTop: 12 }}>
            {back && (
              <Popconfirm
                title="退回上一阶段"
                description={`退回到“${CAMPAIGN_STAGE_LABELS[back]}”阶段？`}
                okText="退回"
                cancelText="取消"
                onConfirm={() => moveTo(back)}
              >
                <Button icon={<StepBackwardOutlined aria-hidden />} loading={stage.isPending}>
                  退回上一阶段
                </Button>
              </Popconfirm>
            )}
            {next && (
              <Popconfirm
                title="推进到下一阶段"
                description={`推进到“${CAMPAIGN_STAGE_LABELS[next]}”阶段？`}
                okText="推进"
                cancelText="取消"
                onConfirm={() => moveTo(next)}
              >
                <Button type="primary" icon={<StepForwardOutlined aria-hidden />} loading={stage.isPending}>
                  推进到下一阶段
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Card>
      <LeadersCard campaign={c} canManage={canManage} />
      <CampaignDocumentsCard campaign={c} canManage={canManage} />
      <ReadinessCard
        campaignId={c.id}
        communityId={community?.id}
        onPick={(v) => {
          setParams({ community: String(v) }, { replace: true });
          document.getElementById("campaign-checklist")?.scrollIntoView({ behavior: "smooth" });
        }}
      />
      <Card
        id="campaign-checklist"
        size="small"
        title="测评清单"
        extra={
          communities.length > 1 && community ? (
            <Select<number>
              aria-label="社区"
              style={{ width: 200 }}
              value={community.id}
              options={communities.map((x) => ({ value: x.id, label: x.name }))}
              onChange={(v) => setParams({ community: String(v) }, { replace: true })}
            />
          ) : (
            community?.name
          )
        }
      >
        {community ? (
          <ChecklistTable
            key={community.id}
            campaignId={c.id}
            communityId={community.id}
            canEdit={manages(community.id)}
          />
        ) : (
          <Empty description="您所在的社区没有这份测评清单" />
        )}
      </Card>
      {community && <AssessmentCard key={community.id} campaignId={c.id} community={community} />}
      {community && <LedgerDownload key={`ledger-${community.id}`} campaignId={c.id} community={community} />}
      {editing && <CampaignEditModal campaign={c} onClose={() => setEditing(false)} />}
    </Space>
  );
}
