import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, Card, Col, Grid, Row, Skeleton } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { isSystemAdmin, useMe } from "../../lib/auth";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { OrgDetail } from "./org-detail";
import { defaultExpandedKeys, OrgTreePanel } from "./org-tree-panel";
import { UnitFormModal } from "./unit-form-modal";

function ancestorKeys(units: readonly { id: number; parentId: number | null }[], id: number): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const keys: string[] = [];
  let parentId = byId.get(id)?.parentId ?? null;
  while (parentId !== null) {
    keys.push(String(parentId));
    parentId = byId.get(parentId)?.parentId ?? null;
  }
  return keys;
}

/** 组织架构: 街道 > 社区 > 网格 > 楼院 > 楼栋, with the selected unit's details and actions. */
export default function OrgPage() {
  const trpc = useTRPC();
  const me = useMe();
  const tree = useQuery(trpc.org.tree.queryOptions());
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const detailRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [addStreetOpen, setAddStreetOpen] = useState(false);

  const units = useMemo(() => tree.data ?? [], [tree.data]);
  const selectedParam = Number(params.get("unit"));
  const selected = units.find((u) => u.id === selectedParam) ?? null;
  const expandedKeys = useMemo(() => {
    const base = expanded ?? defaultExpandedKeys(units);
    return selected ? [...new Set([...base, ...ancestorKeys(units, selected.id)])] : base;
  }, [expanded, units, selected]);

  const select = (id: number | null) => {
    setParams(id === null ? {} : { unit: String(id) }, { replace: true });
  };
  const expand = (id: number) => setExpanded([...new Set([...expandedKeys, String(id)])]);

  // On a phone the details sit below the tree: bring them into view when a unit is picked.
  useEffect(() => {
    if (selected && screens.md === false)
      detailRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [selected, screens.md]);

  if (tree.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (tree.isError)
    return <Alert type="error" showIcon title="组织架构加载失败" description={errorMessage(tree.error)} />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={11} lg={10} xl={9}>
        <Card
          title="组织架构"
          size="small"
          extra={
            isSystemAdmin(me.data) && (
              <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setAddStreetOpen(true)}>
                新增街道
              </Button>
            )
          }
          styles={{ body: { maxHeight: screens.md ? "calc(100vh - 160px)" : undefined, overflow: "auto" } }}
        >
          <OrgTreePanel
            units={units}
            selectedId={selected?.id ?? null}
            expandedKeys={expandedKeys}
            onExpand={setExpanded}
            onSelect={select}
          />
        </Card>
      </Col>
      <Col xs={24} md={13} lg={14} xl={15}>
        <div ref={detailRef}>
          <OrgDetail
            unit={selected}
            units={units}
            onSelect={select}
            onChildAdded={(parentId) => expand(parentId)}
            isTopAdmin={isSystemAdmin(me.data)}
          />
        </div>
      </Col>
      {addStreetOpen && (
        <UnitFormModal
          mode={{ kind: "create", parent: null }}
          onClose={() => setAddStreetOpen(false)}
          onDone={(id) => select(id)}
        />
      )}
    </Row>
  );
}
