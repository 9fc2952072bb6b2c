import { useState } from "react";
import { Button, Card, Select, Space, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

const ALL = "";

/** Where the server streams the 台账 zip of one 社区's copy (apps/server/src/ledger-routes.ts). */
export function ledgerUrl(campaignId: number, communityId: number, project: string): string {
  const query = new URLSearchParams({ communityId: String(communityId) });
  if (project !== ALL) query.set("project", project);
  return `/api/campaigns/${campaignId}/ledger.zip?${query.toString()}`;
}

/**
 * 下载台账: the chosen 社区's package (every 测评项目, or one), as a plain link the browser downloads
 * with its session cookie; the server streams it, so a package of gigabytes starts at once and the
 * browser shows its progress.
 */
export function LedgerDownload({
  campaignId,
  community,
}: {
  campaignId: number;
  community: { id: number; name: string };
}) {
  const trpc = useTRPC();
  const checklist = useQuery(trpc.campaign.checklist.queryOptions({ campaignId, communityId: community.id }));
  const [project, setProject] = useState(ALL);
  const projects = [...new Set((checklist.data ?? []).map((i) => i.project))];
  const selectId = `ledger-project-${community.id}`;
  return (
    <Card size="small" title="台账下载">
      <Space wrap align="center">
        <label htmlFor={selectId}>测评项目</label>
        <Select<string>
          id={selectId}
          style={{ width: 220 }}
          value={project}
          loading={checklist.isPending}
          options={[{ value: ALL, label: "全部测评项目" }, ...projects.map((p) => ({ value: p, label: p }))]}
          onChange={setProject}
        />
        <Button
          type="primary"
          icon={<DownloadOutlined aria-hidden />}
          href={ledgerUrl(campaignId, community.id, project)}
          download
        >
          下载台账
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {community.name}
        的佐证材料按测评项目分文件夹打包（活动签到表、黑白榜、问题整改记录一并导出），顶层附待审材料索引表，可直接打印或移交。
      </Typography.Paragraph>
    </Card>
  );
}
