import { useState } from "react";
import { App, Button, Card, Empty, Grid, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC, type VolunteerRow } from "../../lib/trpc";
import { genderLabel, skillsText } from "../../lib/volunteer-labels";
import { RejectModal } from "./reject-modal";

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/** 志愿者审核: the 待审核 registrations, oldest first; approve or reject, one by one or in bulk. */
export default function ReviewPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const wide = Grid.useBreakpoint().md !== false;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState<VolunteerRow[] | null>(null);

  const queue = useQuery({
    ...trpc.volunteer.roster.queryOptions({
      status: "pending",
      sort: "submittedAt",
      order: "asc",
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const rows = queue.data?.items ?? [];

  const review = useMutation(
    trpc.volunteer.review.mutationOptions({
      onSuccess: async (res, input) => {
        setSelected((s) => s.filter((id) => !input.ids.includes(id)));
        setRejecting(null);
        setPage(1);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success(
          input.action === "approve" ? `已通过 ${res.count} 人` : `已驳回 ${res.count} 人`,
        );
      },
      onError: (error) => showError(error),
    }),
  );

  /** A row's 通过 acts at once; 批量通过 asks first. */
  const approve = (list: VolunteerRow[], bulk: boolean) => {
    const ids = list.map((v) => v.id);
    if (!bulk) {
      review.mutate({ ids, action: "approve" });
      return;
    }
    modal.confirm({
      title: "批量通过",
      content: `确定通过选中的 ${list.length} 名志愿者的注册吗？`,
      okText: "通过",
      cancelText: "取消",
      onOk: () => review.mutateAsync({ ids, action: "approve" }).catch(() => undefined),
    });
  };

  const selectedRows = rows.filter((r) => selected.includes(r.id));
  const busy = (id: number) => review.isPending && review.variables.ids.includes(id);

  const columns: TableColumnsType<VolunteerRow> = [
    { title: "姓名", dataIndex: "name", key: "name", width: 90, render: (n: string | null) => n ?? dash },
    {
      title: "性别",
      dataIndex: "gender",
      key: "gender",
      width: 60,
      responsive: ["md"],
      render: (g: VolunteerRow["gender"]) => genderLabel(g) ?? dash,
    },
    { title: "年龄", dataIndex: "age", key: "age", width: 60, responsive: ["md"], render: (a) => a ?? dash },
    {
      title: "身份证号",
      dataIndex: "idNumber",
      key: "idNumber",
      width: 190,
      responsive: ["lg"],
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : dash),
    },
    { title: "手机号", dataIndex: "mobile", key: "mobile", width: 120, render: (m) => m ?? dash },
    {
      title: "楼院",
      key: "courtyard",
      width: 140,
      responsive: ["md"],
      render: (_, v) => v.courtyardName ?? dash,
    },
    {
      title: "服务技能",
      dataIndex: "skills",
      key: "skills",
      responsive: ["md"],
      render: (skills: VolunteerRow["skills"]) => skillsText(skills) || dash,
    },
    {
      title: "提交时间",
      dataIndex: "submittedAt",
      key: "submittedAt",
      width: 140,
      responsive: ["lg"],
      render: (at: string) => formatTime(at, "YYYY-MM-DD HH:mm"),
    },
    {
      title: "操作",
      key: "actions",
      width: 130,
      fixed: wide ? "right" : undefined,
      render: (_, v) => (
        <Space size={4}>
          <Button
            type="link"
            size="small"
            aria-label={`通过 ${v.name ?? ""}`}
            loading={busy(v.id) && review.variables?.action === "approve"}
            onClick={() => approve([v], false)}
          >
            通过
          </Button>
          <Button
            type="link"
            size="small"
            danger
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
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<CheckOutlined />}
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
          icon={<CloseOutlined />}
          disabled={selectedRows.length === 0}
          onClick={() => setRejecting(selectedRows)}
        >
          批量驳回
        </Button>
        <Typography.Text type="secondary">
          {selectedRows.length > 0 ? `已选 ${selectedRows.length} 人` : "勾选后可批量审核"}
        </Typography.Text>
      </Space>
      {queue.isError && (
        <Typography.Paragraph type="danger">{errorMessage(queue.error)}</Typography.Paragraph>
      )}
      <Table<VolunteerRow>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={rows}
        loading={queue.isFetching}
        scroll={wide ? { x: 1000 } : undefined}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (v) => ({ "aria-label": `选择 ${v.name ?? ""}` }) as object,
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
