import { useState } from "react";
import { App, Button, Card, Empty, Form, Space, Table } from "antd";
import { EditOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LEADER_ROLE_LABELS } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { CampaignDetail, Leader } from "./campaign-types";
import { LeaderRows, leaderRowsOf, leadersInput, type LeaderRow } from "./leader-rows";

/** The 领导小组: a table, and for the campaign's admins the rows to edit, saved as a whole. */
export function LeadersCard({ campaign, canManage }: { campaign: CampaignDetail; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ leaders: LeaderRow[] }>();
  const save = useMutation(
    trpc.campaign.setLeaders.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.detail.pathKey() });
        void message.success("领导小组已保存");
        setEditing(false);
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <Card
      size="small"
      title="领导小组"
      extra={
        canManage &&
        !editing && (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            编辑领导小组
          </Button>
        )
      }
    >
      {editing ? (
        <Form
          form={form}
          name="campaignLeaders"
          layout="vertical"
          initialValues={{ leaders: leaderRowsOf(campaign.leaders) }}
          onFinish={(v) => save.mutate({ id: campaign.id, leaders: leadersInput(v.leaders) })}
        >
          <LeaderRows />
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </Space>
        </Form>
      ) : (
        <Table<Leader>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={campaign.leaders}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={canManage ? "还没有填写领导小组，点击“编辑领导小组”填写" : "还没有填写领导小组"}
              />
            ),
          }}
          columns={[
            {
              title: "组内职务",
              dataIndex: "role",
              key: "role",
              width: 100,
              render: (r: Leader["role"]) => LEADER_ROLE_LABELS[r],
            },
            { title: "姓名", dataIndex: "name", key: "name", width: 140 },
            { title: "职务", dataIndex: "title", key: "title", render: (t: string | null) => t || "—" },
          ]}
        />
      )}
    </Card>
  );
}
