// Star levels from confirmed service hours (民政部《志愿服务记录办法》): 一星 100 h … 五星 1500 h.

export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500] as const;
export const STAR_LABELS = ["未评星", "一星", "二星", "三星", "四星", "五星"] as const;

export interface StarLevel {
  stars: number;
  label: string;
  /** hours still needed for the next level; null at five stars */
  toNext: number | null;
}

export function starLevel(confirmedHours: number): StarLevel {
  const stars = STAR_THRESHOLDS.filter((t) => confirmedHours >= t).length;
  const next = STAR_THRESHOLDS[stars];
  return {
    stars,
    label: STAR_LABELS[stars]!,
    toNext: next === undefined ? null : Math.round((next - confirmedHours) * 10) / 10,
  };
}
