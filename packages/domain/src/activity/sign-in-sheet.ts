import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { workbookBase64 } from "../excel/workbook.js";
import { chinaDateTimeText } from "../time.js";
import { activityRoster } from "./attendance-service.js";
import { getActivity } from "./activity-service.js";
import { ACTIVITY_KIND_LABELS, hoursStatusText } from "./rules.js";

/** 2026/12/05 09:00–11:00, or both ends in full when the activity runs past midnight. */
function timeRangeText(startsAt: string, endsAt: string): string {
  const from = chinaDateTimeText(startsAt);
  const to = chinaDateTimeText(endsAt);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from}–${to.slice(11)}` : `${from} 至 ${to}`;
}

/**
 * An activity's 签到表 in Excel: a title block (活动名称, 时间, 地点, 组织单位), then who came, when, for
 * how long, with a column to sign on paper.
 */
export async function exportSignInSheet(db: Db, session: AuthSession, activityId: number) {
  const roster = await activityRoster(db, session, activityId); // checks the caller's right first
  const activity = await getActivity(db, activityId);
  const rows = roster
    .filter((r) => r.status === "signed")
    .map((r, i) => [
      i + 1,
      r.name,
      r.mobile,
      chinaDateTimeText(r.checkInAt),
      chinaDateTimeText(r.checkOutAt),
      r.confirmedMinutes !== null ? r.confirmedMinutes / 60 : r.minutes !== null ? r.minutes / 60 : null,
      hoursStatusText(r),
      "",
    ]);
  const base64 = await workbookBase64([
    {
      name: "签到表",
      // Printed and signed on paper: the sheet says which activity it is before anyone signs.
      title: [
        `${ACTIVITY_KIND_LABELS[activity.kind]}签到表`,
        `活动名称：${activity.title}`,
        `时间：${timeRangeText(activity.startsAt, activity.endsAt)}`,
        `地点：${activity.place || "—"}`,
        `组织单位：${[activity.communityName, activity.teamName].filter(Boolean).join(" · ")}`,
      ],
      header: ["序号", "姓名", "手机号", "签到时间", "签退时间", "时长（小时）", "时长状态", "本人签名"],
      widths: [6, 10, 14, 18, 18, 12, 10, 14],
      rows,
    },
  ]);
  const date = chinaDateTimeText(activity.startsAt).slice(0, 10).replaceAll("/", "");
  return { fileName: `${activity.title}-${date}-签到表.xlsx`, base64 };
}
