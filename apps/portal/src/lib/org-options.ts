import type { PublicUnit } from "./trpc";

export interface UnitOption {
  value: number;
  label: string;
  /** A second line, e.g. the 网格 a 楼院 belongs to. */
  description?: string;
}

/** The 社区 of the public organisation list (org.publicTree is flat: {id, parentId, kind, name}). */
export function communityOptions(units: readonly PublicUnit[]): UnitOption[] {
  return units.filter((u) => u.kind === "community").map((u) => ({ value: u.id, label: u.name }));
}

/** The 楼院 of one 社区: the courtyards whose parent 网格 belongs to it, in 网格 order. */
export function courtyardOptions(
  units: readonly PublicUnit[],
  communityId: number | undefined,
): UnitOption[] {
  if (communityId === undefined) return [];
  const grids = units.filter((u) => u.kind === "grid" && u.parentId === communityId);
  return grids.flatMap((grid) =>
    units
      .filter((u) => u.kind === "courtyard" && u.parentId === grid.id)
      .map((u) => ({ value: u.id, label: u.name, description: grid.name })),
  );
}
