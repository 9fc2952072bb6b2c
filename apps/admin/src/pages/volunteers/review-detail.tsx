import { Descriptions, Tag, Typography } from "antd";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { formatTime } from "@chuangcheng/client";
import type { useTRPC } from "../../lib/trpc";
import { genderLabel, politicalLabel, serviceTimesText, skillsText } from "../../lib/volunteer-labels";

export type ReviewRow = inferOutput<ReturnType<typeof useTRPC>["volunteer"]["reviewQueue"]>["items"][number];

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 未成年: 14–17 register only with a guardian's consent (under 14 are refused), so the reviewer sees
 * both at a glance; a minor without it (e.g. from an old import) is flagged red.
 */
export function MinorTag({ isMinor, guardianConsent }: { isMinor: boolean; guardianConsent: boolean }) {
  if (!isMinor) return null;
  return guardianConsent ? (
    <Tag color="orange">未成年 · 监护人已同意</Tag>
  ) : (
    <Tag color="red">未成年 · 无监护人同意</Tag>
  );
}

/** The review queue's detail of one registration: everything the reviewer decides on. */
export function ReviewDetail({ v }: { v: ReviewRow }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      styles={{ label: { width: 110 } }}
      data-testid={`review-detail-${v.id}`}
      items={[
        { key: "name", label: "姓名", children: v.name ?? dash },
        {
          key: "person",
          label: "性别 / 年龄",
          children: (
            <span>
              {genderLabel(v.gender) ?? "—"} / {v.age ?? "—"} 岁{" "}
              <MinorTag isMinor={v.isMinor} guardianConsent={v.guardianConsent} />
            </span>
          ),
        },
        {
          key: "idNumber",
          label: "身份证号",
          children: v.idNumber ? <span className="mono">{v.idNumber}</span> : dash,
        },
        { key: "mobile", label: "手机号", children: v.mobile ?? dash },
        { key: "community", label: "社区", children: v.community.name },
        {
          key: "place",
          label: "网格 / 楼院",
          children: [v.gridName, v.courtyard?.name].filter(Boolean).join(" / ") || dash,
        },
        { key: "political", label: "政治面貌", children: politicalLabel(v.politicalStatus) ?? dash },
        { key: "skills", label: "服务技能", children: skillsText(v.skills) || dash },
        { key: "times", label: "服务时间", children: serviceTimesText(v.serviceTimes) || dash },
        {
          key: "team",
          label: "意向服务队",
          children: v.preferredTeam ? <Tag color="blue">{v.preferredTeam.name}</Tag> : "未选择",
        },
        { key: "submitted", label: "提交时间", children: formatTime(v.submittedAt, "YYYY-MM-DD HH:mm") },
      ]}
    />
  );
}
