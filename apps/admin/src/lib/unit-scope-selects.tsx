import { useMemo } from "react";
import { Select } from "antd";
import { descendantsOf, useCommunities } from "./communities";

export interface UnitScope {
  communityId?: number | undefined;
  gridId?: number | undefined;
  courtyardId?: number | undefined;
}

/**
 * A list's 社区 / 网格 / 楼院 filters: the 社区 picker only when the user sees more than one, the 网格
 * below the chosen 社区 and the 楼院 below the chosen 网格 (or 社区). `onChange` gets what changed; a
 * wider choice clears the narrower ones (a new 社区 clears 网格 and 楼院).
 */
export function UnitScopeSelects({
  value,
  onChange,
}: {
  value: UnitScope;
  onChange: (patch: UnitScope) => void;
}) {
  const { units, all: communities, allOptions } = useCommunities();
  const scopeId = value.communityId;
  const grids = useMemo(
    () => (scopeId ? descendantsOf(units, scopeId, "grid") : units.filter((u) => u.kind === "grid")),
    [units, scopeId],
  );
  const courtyards = useMemo(() => {
    const root = value.gridId ?? scopeId;
    return root ? descendantsOf(units, root, "courtyard") : units.filter((u) => u.kind === "courtyard");
  }, [units, scopeId, value.gridId]);

  return (
    <>
      {communities.length > 1 && (
        <Select<number>
          placeholder="社区"
          aria-label="按社区筛选"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          style={{ width: 180 }}
          value={value.communityId}
          options={allOptions}
          onChange={(communityId) => onChange({ communityId, gridId: undefined, courtyardId: undefined })}
        />
      )}
      <Select<number>
        placeholder="网格"
        aria-label="按网格筛选"
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: 170 }}
        value={value.gridId}
        options={grids.map((g) => ({ value: g.id, label: g.name }))}
        onChange={(gridId) => onChange({ gridId, courtyardId: undefined })}
      />
      <Select<number>
        placeholder="楼院"
        aria-label="按楼院筛选"
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: 160 }}
        value={value.courtyardId}
        options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
        onChange={(courtyardId) => onChange({ courtyardId })}
      />
    </>
  );
}
