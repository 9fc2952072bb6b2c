import { ORG_KIND_LABELS, type OrgKind } from "@chuangcheng/domain/rules";
import type { OrgUnit } from "./trpc";

export interface OrgNode extends OrgUnit {
  children: OrgNode[];
}

/** Builds the tree from org.tree's flat list; units whose parent is not visible become roots. */
export function buildOrgTree(units: readonly OrgUnit[]): OrgNode[] {
  const byId = new Map<number, OrgNode>(units.map((u) => [u.id, { ...u, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** "东街社区 / 东街社区第一网格": the path from the top visible unit down to `id`. */
export function unitPath(units: readonly OrgUnit[], id: number): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names: string[] = [];
  let current = byId.get(id);
  while (current) {
    names.unshift(current.name);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return names.join(" / ");
}

export function kindLabel(kind: OrgKind): string {
  return ORG_KIND_LABELS[kind];
}

/** Options for a unit picker: the units of one kind, labelled with their path so that namesakes differ. */
export function unitOptions(units: readonly OrgUnit[], kind: OrgKind, filter?: (u: OrgUnit) => boolean) {
  return units
    .filter((u) => u.kind === kind && (filter ? filter(u) : true))
    .map((u) => ({ value: u.id, label: unitPath(units, u.id) }));
}
