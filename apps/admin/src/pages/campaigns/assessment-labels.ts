import { GRADES, GRADE_SHARE, type Grade } from "@chuangcheng/domain/rules";

// How the console words 模拟测评: grades with their share, scores to 0.01, and two rounds compared.

/** A（100%）, B（66%）, C（33%）, C#（0%） */
export function gradeLabel(grade: Grade): string {
  return `${grade}（${Math.round(GRADE_SHARE[grade] * 100)}%）`;
}
export const GRADE_OPTIONS = GRADES.map((g) => ({ value: g, label: gradeLabel(g) }));
export const GRADE_COLORS: Record<Grade, string> = { A: "green", B: "blue", C: "orange", "C#": "red" };

/** A score to at most two decimals: 6.98, 5, 0.5 */
export const scoreText = (n: number) => String(Math.round(n * 100) / 100);

/** A difference with its sign: +1.98, -0.99, or 0. */
export function diffText(d: number): string {
  const r = Math.round(d * 100) / 100;
  return r > 0 ? `+${scoreText(r)}` : scoreText(r);
}

interface RoundItem {
  itemId: number;
  sort: number;
  project: string;
  content: string;
  points: number;
  grade: Grade | null;
  score: number;
}
interface Round {
  projects: ReadonlyArray<{ project: string; points: number; score: number }>;
  items: readonly RoundItem[];
}

export interface ComparedItem {
  itemId: number;
  no: number;
  project: string;
  content: string;
  points: number;
  left: { grade: Grade | null; score: number } | null;
  right: { grade: Grade | null; score: number } | null;
  diff: number;
  changed: boolean;
}

/** Two rounds side by side: per 测评项目 and per item, the later minus the earlier, and what changed. */
export function compareRounds(left: Round, right: Round) {
  const leftById = new Map(left.items.map((i) => [i.itemId, i]));
  const rightById = new Map(right.items.map((i) => [i.itemId, i]));
  const order = [...right.items, ...left.items.filter((i) => !rightById.has(i.itemId))];
  const items: ComparedItem[] = order.map((i, n) => {
    const l = leftById.get(i.itemId);
    const r = rightById.get(i.itemId);
    const diff = (r?.score ?? 0) - (l?.score ?? 0);
    return {
      itemId: i.itemId,
      no: n + 1,
      project: i.project,
      content: i.content,
      points: i.points,
      left: l ? { grade: l.grade, score: l.score } : null,
      right: r ? { grade: r.grade, score: r.score } : null,
      diff: Math.round(diff * 100) / 100,
      changed: (l?.grade ?? null) !== (r?.grade ?? null),
    };
  });
  const projectNames = [...new Set(order.map((i) => i.project))];
  const projects = projectNames.map((project) => {
    const l = left.projects.find((p) => p.project === project);
    const r = right.projects.find((p) => p.project === project);
    const points = r?.points ?? l?.points ?? 0;
    const diff = Math.round(((r?.score ?? 0) - (l?.score ?? 0)) * 100) / 100;
    return { project, points, left: l?.score ?? 0, right: r?.score ?? 0, diff };
  });
  return { items, projects };
}
