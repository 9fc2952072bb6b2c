import { useState } from "react";
import { Select } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/** Picks a 已注册 volunteer of one 社区 by typing the start of the name (volunteer.roster). */
export function VolunteerPicker(props: {
  communityId: number;
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  exclude?: readonly number[];
  placeholder?: string;
}) {
  const { communityId, value, onChange, exclude = [], placeholder = "输入姓名搜索已注册志愿者" } = props;
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const found = useQuery({
    ...trpc.volunteer.roster.queryOptions({
      communityId,
      name: name || undefined,
      status: "registered",
      sort: "name",
      order: "asc",
      page: 1,
      pageSize: 20,
    }),
    placeholderData: keepPreviousData,
  });
  const options = (found.data?.items ?? [])
    .filter((v) => !exclude.includes(v.id))
    .map((v) => ({
      value: v.id,
      label: `${v.name ?? ""}${v.courtyardName ? `（${v.courtyardName}）` : ""}`,
    }));
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: (text) => setName(text.trim()) }}
      allowClear
      aria-label="选择志愿者"
      placeholder={placeholder}
      style={{ minWidth: 220, flex: 1 }}
      value={value}
      options={options}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? "搜索中…" : "没有找到已注册的志愿者"}
      onChange={(id) => onChange(id ?? undefined)}
    />
  );
}
