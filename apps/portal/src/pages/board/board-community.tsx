import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { communityOptions } from "../../lib/org-options";
import { useSession } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { UnitSelect } from "../register/unit-select";

/**
 * The 社区 whose board is shown: the one named in the address (?community=, a visitor's choice or a
 * shared link), else the logged-in resident's own; null while a visitor has not chosen one.
 */
export function useBoardCommunity() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const named = Number(params.get("community"));
  const fromAddress = Number.isInteger(named) && named > 0 ? named : null;
  const own = session.data?.community?.id ?? null;
  const communityId = fromAddress ?? own;
  const choose = (id: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set("community", String(id));
        next.delete("courtyard");
        next.delete("month");
        return next;
      },
      { replace: true },
    );
  return { communityId, own, choose, pending: session.isPending };
}

/** 社区 picker (org.publicTree): how a visitor chooses whose board to read. */
export function CommunityPicker({
  value,
  onChange,
}: {
  value: number | null;
  onChange: (id: number) => void;
}) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const options = useMemo(() => communityOptions(tree.data ?? []), [tree.data]);
  return (
    <div className="board-field">
      <label className="board-field-label" htmlFor="board-community">
        社区
      </label>
      <UnitSelect
        id="board-community"
        title="社区"
        options={options}
        value={value ?? undefined}
        onChange={onChange}
        placeholder={tree.isPending ? "加载中…" : tree.isError ? "加载失败，请刷新重试" : "请选择社区"}
        disabled={options.length === 0}
      />
    </div>
  );
}
