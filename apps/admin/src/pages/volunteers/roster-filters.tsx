import { Input, Select, Space } from "antd";
import { useQueries } from "@tanstack/react-query";
import {
  VOLUNTEER_STATUSES,
  VOLUNTEER_STATUS_LABELS,
  type PoliticalStatus,
  type Skill,
  type VolunteerStatus,
} from "@chuangcheng/domain/rules";
import { useCommunities } from "../../lib/communities";
import { UnitScopeSelects } from "../../lib/unit-scope-selects";
import { useTRPC } from "../../lib/trpc";
import { politicalOptions, skillOptions } from "../../lib/volunteer-labels";
import { cleanSearch, type RosterFilters } from "./roster-url";
import { searchButton } from "../../lib/search-button";

const statusOptions = VOLUNTEER_STATUSES.map((s) => ({
  value: s,
  label: VOLUNTEER_STATUS_LABELS[s],
}));

/**
 * The roster's search bar: one box for 姓名 (contains), 手机号 (first digits) and 手机尾号 (4 digits);
 * 技能, 服务队, 社区/网格/楼院, 状态, 政治面貌. It shows `value` (from the address) and reports changes.
 */
export function RosterFilterBar({
  value,
  onChange,
}: {
  value: RosterFilters;
  onChange: (next: RosterFilters) => void;
}) {
  const trpc = useTRPC();
  const { all: communities } = useCommunities();
  const set = (patch: Partial<RosterFilters>) => onChange({ ...value, ...patch });

  const scopeId = value.communityId;
  const teamCommunities = scopeId ? communities.filter((c) => c.id === scopeId) : communities;
  const teamLists = useQueries({
    queries: teamCommunities.map((c) => trpc.volunteer.teams.list.queryOptions({ communityId: c.id })),
  });
  const teamOptions = teamLists.flatMap((q, i) =>
    (q.data ?? []).map((t) => ({
      value: t.id,
      label: teamCommunities.length > 1 ? `${t.name}（${teamCommunities[i]!.name}）` : t.name,
    })),
  );

  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        // Shows the address's search again after back/forward: a new value remounts the box.
        key={value.search ?? ""}
        defaultValue={value.search}
        placeholder="姓名 / 手机号 / 手机尾号4位"
        aria-label="搜索姓名、手机号或手机尾号"
        enterButton={searchButton}
        allowClear
        maxLength={20}
        style={{ width: 260 }}
        onSearch={(v) => {
          // "138 1234 5678" and "138-1234-5678" are a mobile; a name keeps its spaces.
          const digits = v.replace(/[\s-]/g, "");
          set({ search: cleanSearch(/^\d+$/.test(digits) ? digits : v) });
        }}
      />
      <Select<Skill>
        placeholder="服务技能"
        aria-label="按服务技能筛选"
        allowClear
        style={{ width: 120 }}
        value={value.skill}
        options={skillOptions}
        onChange={(skill) => set({ skill })}
      />
      <Select<number>
        placeholder="志愿服务队"
        aria-label="按志愿服务队筛选"
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: 160 }}
        value={value.teamId}
        options={teamOptions}
        notFoundContent="暂无服务队"
        onChange={(teamId) => set({ teamId })}
      />
      <UnitScopeSelects
        value={value}
        // A team belongs to one 社区: another 社区 clears it.
        onChange={(patch) => set("communityId" in patch ? { ...patch, teamId: undefined } : patch)}
      />
      <Select<VolunteerStatus>
        placeholder="状态"
        aria-label="按状态筛选"
        allowClear
        style={{ width: 110 }}
        value={value.status}
        options={statusOptions}
        onChange={(status) => set({ status })}
      />
      <Select<PoliticalStatus>
        placeholder="政治面貌"
        aria-label="按政治面貌筛选"
        allowClear
        style={{ width: 130 }}
        value={value.politicalStatus}
        options={politicalOptions}
        onChange={(politicalStatus) => set({ politicalStatus })}
      />
    </Space>
  );
}
