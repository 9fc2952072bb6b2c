import { useMemo } from "react";
import { useNavigate } from "react-router";
import { App, Button, Card, Empty, Form, Select, Space, Spin, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ORG_KIND_LABELS } from "@chuangcheng/domain/rules";
import { useCommunities } from "../../lib/communities";
import { unitPath } from "../../lib/org-tree";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { CampaignFields, campaignInput, type CampaignFieldValues } from "./campaign-fields";
import { LeaderRows, leadersInput, type LeaderRow } from "./leader-rows";
import "./campaigns.css";

interface Values extends CampaignFieldValues {
  scopeUnitId?: number;
  leaders: LeaderRow[];
}

/**
 * 新建创城活动: a 街道's or 社区's campaign made from the built-in 测评体系 template (each 社区 of a
 * street gets its own copy of the checklist), for the units the admin manages.
 */
export default function CampaignNewPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { units, isPending } = useCommunities();
  const [form] = Form.useForm<Values>();
  const scopes = useMemo(
    () =>
      units
        .filter((u) => (u.kind === "street" || u.kind === "community") && u.canManage)
        .map((u) => ({ value: u.id, label: `${unitPath(units, u.id)}（${ORG_KIND_LABELS[u.kind]}）` })),
    [units],
  );

  const create = useMutation(
    trpc.campaign.create.mutationOptions({
      onSuccess: async (res, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
        void message.success(`已创建“${input.name}”，测评清单 ${res.items} 项（${res.copies} 个社区）`);
        navigate(`/campaigns/${res.id}`);
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  if (isPending) return <Spin />;
  if (scopes.length === 0) return <Empty description="您不是任何街道或社区的管理员，不能新建创城活动" />;

  return (
    <Card title="新建创城活动" size="small" style={{ maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">
        活动创建后，按内置的社区测评体系生成测评清单；街道的活动为下辖每个社区各生成一份，社区可自行调整。
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="campaignNew"
        layout="vertical"
        initialValues={{
          kind: "national_civilized_city",
          scopeUnitId: scopes.length === 1 ? scopes[0]!.value : undefined,
          leaders: [],
        }}
        onFinish={(v) => {
          const fields = campaignInput(v);
          if (!fields || !v.scopeUnitId) return;
          const leaders = leadersInput(v.leaders);
          create.mutate({ ...fields, scopeUnitId: v.scopeUnitId, ...(leaders.length ? { leaders } : {}) });
        }}
      >
        <CampaignFields />
        <Form.Item
          label="所属街道或社区"
          name="scopeUnitId"
          rules={[{ required: true, message: "请选择所属街道或社区" }]}
        >
          <Select placeholder="请选择" showSearch={{ optionFilterProp: "label" }} options={scopes} />
        </Form.Item>
        <Form.Item label="领导小组（选填）" extra="可稍后在活动详情中填写；填写时须有一名组长">
          <LeaderRows />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            创建
          </Button>
          <Button onClick={() => navigate("/campaigns")}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
