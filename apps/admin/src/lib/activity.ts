export type ActivityPhase = "cancelled" | "upcoming" | "ongoing" | "ended";

export const PHASE_LABELS: Record<ActivityPhase, string> = {
  cancelled: "已取消",
  upcoming: "未开始",
  ongoing: "进行中",
  ended: "已结束",
};

export const PHASE_COLORS: Record<ActivityPhase, string> = {
  cancelled: "default",
  upcoming: "blue",
  ongoing: "green",
  ended: "default",
};

export function activityPhase(a: { status: string; startsAt: string; endsAt: string }, now = new Date()) {
  if (a.status === "cancelled") return "cancelled";
  const t = now.toISOString();
  if (t < a.startsAt) return "upcoming";
  return t < a.endsAt ? "ongoing" : "ended";
}
