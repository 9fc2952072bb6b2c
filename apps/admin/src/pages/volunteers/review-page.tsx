import { useRef, useState } from "react";
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Grid,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from "antd";
import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCommunities } from "../../lib/communities";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC } from "../../lib/trpc";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { genderLabel, skillsText } from "../../lib/volunteer-labels";
import { RejectModal } from "./reject-modal";
import { ReviewDetail, type ReviewRow } from "./review-detail";

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 志愿者审核: the 待审核 registrations, oldest first, each with its details a click away; approve (and
 * place in the preferred 志愿服务队 at once) or reject, one by one or in bulk. A street admin's queue
 * mixes 社区: it shows which, and filters by one.
 */
export default function ReviewPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const wide = Grid.useBreakpoint().md !== false;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState<ReviewRow[] | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  /**
   * A bulk action empties the selection, which disables the button its dialog hands the focus back
   * to: the focus would fall to the top of the page. A keyboard user is put back at the list instead.
   */
  const focusListIfLost = () => {
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled)
      listRef.current?.focus();
  };
  const [communityId, setCommunityId] = useState<number | undefined>();
  const { managed, managedOptions } = useCommunities();
  const manyCommunities = managed.length > 1;

  const queue = useQuery({
    ...trpc.volunteer.reviewQueue.queryOptions({ communityId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const rows = queue.data?.items ?? [];

  const review = useMutation(
    trpc.volunteer.review.mutationOptions({
      onSuccess: async (res, input) => {
        setSelected((s) => s.filter((id) => !input.ids.includes(id)));
        setRejecting(null);
        setPage(1);
        requestAnimationFrame(focusListIfLost);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        const joined = res.joined > 0 ? `，${res.joined} 人已加入意向服务队` : "";
        void message.success(
          input.action === "approve" ? `已通过 ${res.count} 人${joined}` : `已驳回 ${res.count} 人`,
        );
      },
      onError: (error) => showError(error),
    }),
  );

  /**
   * A row's 通过 / 通过并入队 acts at once; 批量通过 asks first, with 同时安排入队 ticked for those who
   * chose a team.
   */
  const approve = (list: ReviewRow[], bulk: boolean, joinPreferredTeam = false) => {
    const ids = list.map((v) => v.id);
    if (!bulk) {
      review.mutate({ ids, action: "approve", joinPreferredTeam });
      return;
    }
    const withTeam = list.filter((v) => v.preferredTeam !== null).length;
    let join = withTeam > 0;
    modal.confirm({
      title: "批量通过",
      content: (
        <Space orientation="vertical">
          <span>确定通过选中的 {list.length} 名志愿者的注册吗？</span>
          {withTeam > 0 && (
            <Checkbox defaultChecked onChange={(e) => (join = e.target.checked)}>
              同时将其中 {withTeam} 人安排加入各自的意向服务队
            </Checkbox>
          )}
        </Space>
      ),
      okText: "通过",
      cancelText: "取消",
      // After the dialog has handed the focus back (to 批量通过, disabled by then).
      afterClose: focusListIfLost,
      onOk: () =>
        review.mutateAsync({ ids, action: "approve", joinPreferredTeam: join }).catch(() => undefined),
    });
  };

  const selectedRows = rows.filter((r) => selected.includes(r.id));
  const busy = (id: number, join: boolean) =>
    review.isPending &&
    review.variables.action === "approve" &&
    review.variables.ids.includes(id) &&
    review.variables.joinPreferredTeam === join;

  const columns: TableColumnsType<ReviewRow> = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      width: 130,
      render: (n: string | null, v) => (
        <Space size={4} wrap>
          <span>{n ?? dash}</span>
          {v.isMinor && (
            <Tooltip title={v.guardianConsent ? "未满18周岁，监护人已同意" : "未满18周岁，没有监护人同意"}>
              <Tag color={v.guardianConsent ? "orange" : "red"} style={{ marginInlineEnd: 0 }}>
                未成年
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: "性别",
      dataIndex: "gender",
      key: "gender",
      width: 56,
      responsive: ["xxl"],
      render: (g: ReviewRow["gender"]) => genderLabel(g) ?? dash,
    },
    { title: "年龄", dataIndex: "age", key: "age", width: 56, responsive: ["md"], render: (a) => a ?? dash },
    { title: "手机号", dataIndex: "mobile", key: "mobile", width: 120, render: (m) => m ?? dash },
    ...(manyCommunities
      ? [
          {
            title: "社区",
            key: "community",
            width: 110,
            responsive: ["md" as const],
            render: (_: unknown, v: ReviewRow) => v.community.name,
          },
        ]
      : []),
    {
      title: "楼院",
      key: "courtyard",
      width: 130,
      responsive: ["md"],
      render: (_, v) => v.courtyard?.name ?? dash,
    },
    {
      title: "服务技能",
      dataIndex: "skills",
      key: "skills",
      width: 150,
      responsive: ["lg"],
      render: (skills: ReviewRow["skills"]) => skillsText(skills) || dash,
    },
    {
      title: "意向服务队",
      key: "team",
      width: 120,
      responsive: ["md"],
      render: (_, v) => (v.preferredTeam ? <Tag color="blue">{v.preferredTeam.name}</Tag> : dash),
    },
    {
      title: "提交时间",
      dataIndex: "submittedAt",
      key: "submittedAt",
      width: 110,
      responsive: ["xxl"],
      render: (at: string) => formatTime(at, "MM-DD HH:mm"),
    },
    {
      title: "操作",
      key: "actions",
      width: 200,
      fixed: wide ? "right" : undefined,
      render: (_, v) => (
        <Space size={4} wrap>
          {v.preferredTeam && (
            <Tooltip title={`通过注册，并加入“${v.preferredTeam.name}”`}>
              <Button
                type="link"
                size="small"
                style={{ paddingInline: 0 }}
                aria-label={`通过并入队 ${v.name ?? ""}`}
                loading={busy(v.id, true)}
                onClick={() => approve([v], false, true)}
              >
                通过并入队
              </Button>
            </Tooltip>
          )}
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            aria-label={`通过 ${v.name ?? ""}`}
            loading={busy(v.id, false)}
            onClick={() => approve([v], false)}
          >
            {v.preferredTeam ? "仅通过" : "通过"}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            style={{ paddingInline: 0 }}
            aria-label={`驳回 ${v.name ?? ""}`}
            onClick={() => setRejecting([v])}
          >
            驳回
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <span>志愿者审核</span>
          {queue.data && (
            <Tag color={queue.data.total > 0 ? "gold" : "green"}>待审核 {queue.data.total} 人</Tag>
          )}
        </Space>
      }
      size="small"
      extra={<RefreshButton queryKeys={[trpc.volunteer.pathKey()]} />}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<CheckOutlined aria-hidden />}
          disabled={selectedRows.length === 0}
          loading={
            review.isPending && review.variables.ids.length > 1 && review.variables.action === "approve"
          }
          onClick={() => approve(selectedRows, true)}
        >
          批量通过
        </Button>
        <Button
          danger
          icon={<CloseOutlined aria-hidden />}
          disabled={selectedRows.length === 0}
          onClick={() => setRejecting(selectedRows)}
        >
          批量驳回
        </Button>
        <Typography.Text type="secondary">
          {selectedRows.length > 0
            ? `已选 ${selectedRows.length} 人`
            : "勾选后可批量审核；点击行首“+”查看详情"}
        </Typography.Text>
        {manyCommunities && (
          <Select<number>
            placeholder="全部社区"
            aria-label="按社区筛选"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            value={communityId}
            options={managedOptions}
            onChange={(id) => {
              setCommunityId(id);
              setPage(1);
              setSelected([]);
            }}
          />
        )}
      </Space>
      {queue.isError && (
        <Typography.Paragraph type="danger">{errorMessage(queue.error)}</Typography.Paragraph>
      )}
      <div ref={listRef} tabIndex={-1} aria-label="待审核列表" style={{ outline: "none" }}>
        <Table<ReviewRow>
          rowKey="id"
          size={wide ? "middle" : "small"}
          columns={columns}
          dataSource={rows}
          loading={listLoading(queue)}
          scroll={wide ? { x: 1100 } : undefined}
          expandable={{
            expandedRowRender: (v) => <ReviewDetail v={v} />,
            expandRowByClick: false,
          }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(Number)),
            getCheckboxProps: (v) => ({ "aria-label": `选择 ${v.name ?? ""}` }) as object,
            // antd names it "Select all" in English whatever the locale.
            getTitleCheckboxProps: () => ({ "aria-label": "全选本页" }) as object,
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="没有待审核的志愿者注册，审核队列已清空"
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: queue.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => `共 ${total} 人待审核`,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      </div>
      {rejecting && (
        <RejectModal
          names={rejecting.map((v) => v.name ?? "")}
          pending={review.isPending}
          onClose={() => setRejecting(null)}
          onSubmit={(reason) => review.mutate({ ids: rejecting.map((v) => v.id), action: "reject", reason })}
        />
      )}
    </Card>
  );
}
