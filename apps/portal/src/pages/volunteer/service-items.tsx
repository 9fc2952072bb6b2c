import { useQuery } from "@tanstack/react-query";
import Form from "antd-mobile/es/components/form";
import Selector from "antd-mobile/es/components/selector";
import { useTRPC } from "../../lib/trpc";
import { SERVICE_TIME_OPTIONS, SKILL_OPTIONS } from "../../lib/volunteer-options";
import { atLeastOne } from "./volunteer-values";

/** 服务技能, 服务时间 and the preferred 志愿服务队 (volunteer.teams.list of the 社区, optional). */
export function ServiceItems({ communityId }: { communityId: number | undefined }) {
  const trpc = useTRPC();
  const teams = useQuery(
    trpc.volunteer.teams.list.queryOptions(
      { communityId: communityId ?? 0 },
      { enabled: communityId !== undefined },
    ),
  );
  const teamOptions = (teams.data ?? []).map((t) => ({
    value: t.id,
    label: t.name,
    description: `${t.members}人`,
  }));
  return (
    <>
      <Form.Item
        label="服务技能（可多选）"
        name="skills"
        layout="vertical"
        rules={[atLeastOne("请至少选择一项服务技能")]}
      >
        <Selector columns={3} multiple options={SKILL_OPTIONS} />
      </Form.Item>
      <Form.Item
        label="服务时间（可多选）"
        name="serviceTimes"
        layout="vertical"
        rules={[atLeastOne("请至少选择一个服务时间")]}
      >
        <Selector columns={3} multiple options={SERVICE_TIME_OPTIONS} />
      </Form.Item>
      {teamOptions.length > 0 ? (
        <Form.Item
          label="志愿服务队（选填）"
          name="preferredTeamId"
          layout="vertical"
          description="希望加入的服务队，由社区安排"
        >
          <Selector columns={2} options={teamOptions} />
        </Form.Item>
      ) : (
        <Form.Item label="志愿服务队（选填）" layout="vertical">
          <span className="form-hint">
            {communityId === undefined
              ? "请先选择社区"
              : teams.isPending
                ? "加载中…"
                : "本社区暂无志愿服务队"}
          </span>
        </Form.Item>
      )}
    </>
  );
}
