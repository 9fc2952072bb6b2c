import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import {
  Button,
  Card,
  Empty,
  Grid,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
  type TableProps,
} from "antd";
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { errorMessage } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useDownload } from "../../lib/use-download";
import { useTRPC, useTRPCClient, type VolunteerRow } from "../../lib/trpc";
import {
  genderLabel,
  politicalLabel,
  skillsText,
  VOLUNTEER_STATUS_COLORS,
  volunteerStatusLabel,
} from "../../lib/volunteer-labels";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { ImportModal } from "./import-modal";
import { RatioCard } from "./ratio-card";
import { RosterFilterBar } from "./roster-filters";
import { PAGE_SIZES, readRosterView, writeRosterView, type RosterView, type SortKey } from "./roster-url";
import { VolunteerDrawer } from "./volunteer-drawer";

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 志愿者名册: search, sort and page the volunteers; details, Excel export and import. The search,
 * filters, sort and page are the address's (roster-url.ts): reload, back and forward keep them.
 */
export default function RosterPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useMe();
  const wide = Grid.useBreakpoint().md !== false;
  const { managed, units, isPending: unitsPending } = useCommunities();
  const canManage = can(me.data, "volunteer.manage");
  const { download, pending } = useDownload();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readRosterView(params), [params]);
  const { filters, sort, order, page, pageSize } = view;
  /** A new entry in the history, so that back returns to the previous search. */
  const show = (next: Partial<RosterView>, replace = false) =>
    setParams(writeRosterView({ ...view, ...next }), { replace });
  const [openId, setOpenId] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);

  const roster = useQuery({
    ...trpc.volunteer.roster.queryOptions({ ...filters, sort, order, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  // A 社区, 网格 or 楼院 in the address that the user's tree does not hold (an old link, a typo) is dropped.
  useEffect(() => {
    if (unitsPending) return;
    const known = (id: number | undefined) => id === undefined || units.some((u) => u.id === id);
    const { communityId, gridId, courtyardId } = filters;
    if (!known(communityId) || !known(gridId) || !known(courtyardId)) {
      const kept = (id: number | undefined) => (known(id) ? id : undefined);
      setParams(
        writeRosterView({
          ...view,
          filters: {
            ...filters,
            communityId: kept(communityId),
            gridId: kept(gridId),
            courtyardId: kept(courtyardId),
          },
        }),
        { replace: true },
      );
    }
  }, [unitsPending, units, filters, view, setParams]);

  // A page past the end (the list got shorter, or an old link) shows the last page instead.
  const total = roster.data?.total;
  useEffect(() => {
    if (total === undefined || roster.isPlaceholderData) return;
    const last = Math.max(1, Math.ceil(total / pageSize));
    if (page > last) setParams(writeRosterView({ ...view, page: last }), { replace: true });
  }, [total, roster.isPlaceholderData, page, pageSize, view, setParams]);

  const sortOrder = (key: SortKey) =>
    sort === key ? (order === "asc" ? ("ascend" as const) : ("descend" as const)) : null;

  const columns: TableColumnsType<VolunteerRow> = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      width: 90,
      fixed: wide ? "left" : undefined,
      sorter: true,
      sortOrder: sortOrder("name"),
      render: (name: string | null, v) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenId(v.id)}>
          {name ?? "（已注销）"}
        </Button>
      ),
    },
    {
      title: "性别",
      dataIndex: "gender",
      key: "gender",
      width: 56,
      responsive: ["md"],
      render: (g: VolunteerRow["gender"]) => genderLabel(g) ?? dash,
    },
    { title: "年龄", dataIndex: "age", key: "age", width: 56, responsive: ["md"], render: (a) => a ?? dash },
    {
      title: "身份证号",
      dataIndex: "idNumber",
      key: "idNumber",
      width: 160,
      responsive: ["lg"],
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : dash),
    },
    { title: "手机号", dataIndex: "mobile", key: "mobile", width: 110, render: (m) => m ?? dash },
    {
      title: "网格/楼院",
      key: "place",
      minWidth: 130,
      responsive: ["md"],
      render: (_, v) => [v.gridName, v.courtyardName].filter(Boolean).join(" / ") || dash,
    },
    {
      title: "政治面貌",
      dataIndex: "politicalStatus",
      key: "political",
      width: 96,
      responsive: ["lg"],
      render: (p: VolunteerRow["politicalStatus"]) => politicalLabel(p) ?? dash,
    },
    {
      title: "技能",
      dataIndex: "skills",
      key: "skills",
      minWidth: 100,
      responsive: ["md"],
      render: (skills: VolunteerRow["skills"]) => skillsText(skills) || dash,
    },
    {
      title: "状态",
      dataIndex: "status",
      key: "status",
      width: 72,
      render: (s: VolunteerRow["status"]) => (
        <Tag color={VOLUNTEER_STATUS_COLORS[s]}>{volunteerStatusLabel(s)}</Tag>
      ),
    },
    {
      title: "注册时间",
      dataIndex: "registeredAt",
      key: "registeredAt",
      width: 100,
      responsive: ["lg"],
      sorter: true,
      sortOrder: sortOrder("registeredAt"),
      render: (at: string | null) => (at ? formatTime(at, "YYYY-MM-DD") : dash),
    },
    {
      title: "累计时长",
      dataIndex: "hours",
      key: "hours",
      width: 90,
      sorter: true,
      sortOrder: sortOrder("hours"),
      render: (h: number) => `${h} 小时`,
    },
  ];

  const onTableChange: TableProps<VolunteerRow>["onChange"] = (pagination, _filters, sorter, extra) => {
    if (extra.action === "sort") {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? (s.columnKey as SortKey) : "submittedAt";
      show({ sort: key, order: s?.order === "ascend" ? "asc" : "desc", page: 1 });
      return;
    }
    const size = pagination.pageSize ?? pageSize;
    show({ page: size === pageSize ? (pagination.current ?? 1) : 1, pageSize: size });
  };

  const exportInput = { ...filters, sort, order };
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      {managed.length > 0 && managed.length <= 3 && (
        <Card size="small" styles={{ body: { padding: "8px 12px" } }}>
          {managed.map((c) => (
            <RatioCard key={c.id} communityId={c.id} canManage={false} compact />
          ))}
        </Card>
      )}
      <Card
        title="志愿者名册"
        size="small"
        extra={
          <Space wrap>
            <RefreshButton queryKeys={[trpc.volunteer.pathKey()]} />
            <Button
              icon={<FileExcelOutlined aria-hidden />}
              loading={pending === "export"}
              onClick={() => void download("export", () => client.volunteer.exportRoster.query(exportInput))}
            >
              导出Excel
            </Button>
            {canManage && (
              <Button
                icon={<DownloadOutlined aria-hidden />}
                loading={pending === "template"}
                onClick={() => void download("template", () => client.volunteer.importTemplate.query())}
              >
                下载导入模板
              </Button>
            )}
            {canManage && (
              <Button type="primary" icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
                导入
              </Button>
            )}
          </Space>
        }
      >
        <RosterFilterBar value={filters} onChange={(next) => show({ filters: next, page: 1 })} />
        {roster.isError && (
          <Typography.Paragraph type="danger">{errorMessage(roster.error)}</Typography.Paragraph>
        )}
        <Table<VolunteerRow>
          rowKey="id"
          size={wide ? "middle" : "small"}
          columns={columns}
          dataSource={roster.data?.items ?? []}
          loading={listLoading(roster)}
          scroll={wide ? { x: 1060 } : undefined}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  Object.values(filters).some((v) => v !== undefined)
                    ? "没有符合条件的志愿者"
                    : "还没有志愿者：居民可在居民端注册，也可点击“导入”批量导入"
                }
              />
            ),
          }}
          onChange={onTableChange}
          pagination={{
            current: page,
            pageSize,
            total: roster.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [...PAGE_SIZES],
            showTotal: (total) => `共 ${total} 人`,
          }}
        />
      </Card>
      {openId !== null && <VolunteerDrawer id={openId} onClose={() => setOpenId(null)} />}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </Space>
  );
}
