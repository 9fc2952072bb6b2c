import { Select } from "antd";
import { useSearchParams } from "react-router";
import { useCommunities } from "../../lib/communities";
import { positiveInt } from "../../lib/url-values";

/**
 * The 社区 an admin's 黑白榜 page is about (申诉, 期次, 设置): kept in the address (?community=), the
 * only one they administer chosen for them; `picker` is shown only when there is a choice.
 */
export function useBoardCommunity() {
  const { managed, managedOptions, isPending } = useCommunities();
  const [params, setParams] = useSearchParams();
  const asked = positiveInt(params.get("community"));
  const communityId = managed.find((c) => c.id === asked)?.id ?? managed[0]?.id;
  const picker =
    managed.length > 1 ? (
      <Select<number>
        aria-label="社区"
        style={{ width: 220 }}
        showSearch={{ optionFilterProp: "label" }}
        value={communityId}
        options={managedOptions}
        onChange={(id) => setParams({ community: String(id) })}
      />
    ) : null;
  return { communityId, picker, isPending, name: managed.find((c) => c.id === communityId)?.name };
}
