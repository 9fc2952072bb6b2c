import { useMemo } from "react";
import { Empty, Tree, type TreeDataNode as DataNode } from "antd";
import { CaretDownFilled } from "@ant-design/icons";
import { buildOrgTree, kindLabel, type OrgNode } from "../../lib/org-tree";
import type { OrgUnit } from "../../lib/trpc";

function toTreeData(nodes: OrgNode[]): DataNode[] {
  return nodes.map((n) => ({
    key: String(n.id),
    // Plain text: people (and browser tests) find a unit by its name.
    title: n.name,
    icon: (
      <span className="kind-badge" aria-hidden>
        {kindLabel(n.kind)}
      </span>
    ),
    isLeaf: n.children.length === 0,
    "data-kind": n.kind,
    "data-unit-id": n.id,
    children: toTreeData(n.children),
  }));
}

/** Streets and communities open at first, so that the grids show. */
export function defaultExpandedKeys(units: readonly OrgUnit[]): string[] {
  return units.filter((u) => u.kind === "street" || u.kind === "community").map((u) => String(u.id));
}

export function OrgTreePanel(props: {
  units: readonly OrgUnit[];
  selectedId: number | null;
  expandedKeys: string[];
  onExpand: (keys: string[]) => void;
  onSelect: (id: number) => void;
}) {
  const { units, selectedId, expandedKeys, onExpand, onSelect } = props;
  const treeData = useMemo(() => toTreeData(buildOrgTree(units)), [units]);
  if (units.length === 0) return <Empty description="暂无可查看的单位" />;
  return (
    <Tree
      className="org-tree"
      treeData={treeData}
      showIcon
      blockNode
      // Hidden from the accessible name: a tree item is named by its unit alone.
      switcherIcon={<CaretDownFilled aria-hidden />}
      selectedKeys={selectedId === null ? [] : [String(selectedId)]}
      expandedKeys={expandedKeys}
      onExpand={(keys) => onExpand(keys.map(String))}
      onSelect={(keys, info) => onSelect(Number(keys[0] ?? info.node.key))}
    />
  );
}
