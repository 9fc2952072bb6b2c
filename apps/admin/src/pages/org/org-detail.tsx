import { useState } from "react";
import { App, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag, Typography } from "antd";
import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { CONTACT_KINDS, childKindOf, PARENT_KIND } from "@chuangcheng/domain/rules";
import { kindLabel, unitPath } from "../../lib/org-tree";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type OrgUnit } from "../../lib/trpc";
import { MoveUnitModal } from "./move-unit-modal";
import { UnitFormModal } from "./unit-form-modal";
import { useOrgChanged } from "./use-org-changed";

type Dialog = "add" | "edit" | "move" | null;

const count = (n: number | null) => (n === null ? "未填写" : n.toLocaleString("zh-CN"));

function ratio(registered: number | null, population: number | null): string | null {
  if (registered === null || !population) return null;
  const percent = (registered / population) * 100;
  return `${percent.toFixed(percent < 1 ? 2 : 1)}%`;
}

/** The selected unit: what it is, its figures (for a 社区), and what the user may do with it. */
export function OrgDetail(props: {
  unit: OrgUnit | null;
  units: readonly OrgUnit[];
  onSelect: (id: number | null) => void;
  onChildAdded: (parentId: number) => void;
  /** A system admin: the only one who may remove a 街道 (a unit without a parent). */
  isTopAdmin: boolean;
}) {
  const { unit, units, onSelect, onChildAdded, isTopAdmin } = props;
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const orgChanged = useOrgChanged();
  const [dialog, setDialog] = useState<Dialog>(null);

  const remove = useMutation(
    trpc.org.remove.mutationOptions({
      onSuccess: async () => {
        const parentId = unit?.parentId ?? null;
        await orgChanged();
        void message.success(`已删除“${unit?.name ?? ""}”`);
        onSelect(parentId);
      },
      // e.g. 该网格下还有2个下级单位，不能删除
      onError: (error) => showError(error),
    }),
  );

  if (!unit) {
    return (
      <Card size="small">
        <Empty description="在组织架构中选择一个单位，查看详情和进行管理" />
      </Card>
    );
  }

  const childKind = childKindOf(unit.kind);
  const children = units.filter((u) => u.parentId === unit.id);
  const parent = units.find((u) => u.id === unit.parentId) ?? null;
  const isCommunity = unit.kind === "community";
  const hasCounts = isCommunity || unit.kind === "grid";
  // Moving or removing a unit changes its parent: the server asks for the right to manage the parent.
  const canManageParent = parent ? parent.canManage : isTopAdmin;
  const parentKind = PARENT_KIND[unit.kind];
  const canMoveSomewhere =
    parent !== null && units.some((u) => u.kind === parentKind && u.canManage && u.id !== parent.id);

  const items = [
    { key: "name", label: "名称", children: unit.name },
    { key: "kind", label: "类型", children: kindLabel(unit.kind) },
    { key: "path", label: "所在位置", children: unitPath(units, unit.id) },
    {
      key: "children",
      label: "下级单位",
      children: childKind ? `${children.length} 个${kindLabel(childKind)}` : "无（最末一级）",
    },
    ...(hasCounts
      ? [
          { key: "households", label: "户数", children: count(unit.households) },
          { key: "population", label: "常住人口", children: count(unit.population) },
        ]
      : []),
    ...(CONTACT_KINDS.includes(unit.kind)
      ? [
          { key: "contactPhone", label: "联系电话", children: unit.contactPhone ?? "未填写" },
          { key: "officeAddress", label: "办公地址", children: unit.officeAddress ?? "未填写" },
          { key: "officeHours", label: "办公时间", children: unit.officeHours ?? "未填写" },
        ]
      : []),
    ...(isCommunity
      ? [
          {
            key: "registered",
            label: "已注册居民",
            children: (
              <Space size={8} wrap>
                <span>{count(unit.registeredResidents)} 人</span>
                {ratio(unit.registeredResidents, unit.population) && (
                  <Typography.Text type="secondary">
                    占常住人口 {ratio(unit.registeredResidents, unit.population)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const actions = unit.canManage ? (
    <Space wrap>
      {childKind && (
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog("add")}>
          新增下级
        </Button>
      )}
      <Button icon={<EditOutlined aria-hidden />} onClick={() => setDialog("edit")}>
        {hasCounts || CONTACT_KINDS.includes(unit.kind) ? "编辑" : "重命名"}
      </Button>
      {canManageParent && canMoveSomewhere && (
        <Button icon={<DragOutlined aria-hidden />} onClick={() => setDialog("move")}>
          移动
        </Button>
      )}
      {canManageParent && (
        <Popconfirm
          title={`删除${kindLabel(unit.kind)}`}
          description={`确定删除“${unit.name}”吗？只有没有下级单位、居民和角色的单位才能删除。`}
          okText="删除"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={() => remove.mutateAsync({ id: unit.id }).catch(() => undefined)}
        >
          <Button danger icon={<DeleteOutlined aria-hidden />} loading={remove.isPending}>
            删除
          </Button>
        </Popconfirm>
      )}
    </Space>
  ) : (
    <Typography.Text type="secondary">您可以查看此单位，但无权修改。</Typography.Text>
  );

  return (
    <Card
      size="small"
      title={
        <Space>
          <Tag color="blue">{kindLabel(unit.kind)}</Tag>
          <span>{unit.name}</span>
        </Space>
      }
    >
      <Descriptions column={1} size="small" bordered items={items} styles={{ label: { width: 120 } }} />
      {parent && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          上级：
          {/* A button, not an <a> without href: reachable with Tab. */}
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onSelect(parent.id)}>
            {parent.name}
          </Button>
        </Typography.Paragraph>
      )}
      <div style={{ marginTop: 16 }}>{actions}</div>

      {dialog === "add" && (
        <UnitFormModal
          mode={{ kind: "create", parent: unit }}
          onClose={() => setDialog(null)}
          onDone={() => onChildAdded(unit.id)}
        />
      )}
      {dialog === "edit" && <UnitFormModal mode={{ kind: "edit", unit }} onClose={() => setDialog(null)} />}
      {dialog === "move" && <MoveUnitModal unit={unit} units={units} onClose={() => setDialog(null)} />}
    </Card>
  );
}
