import type { SupervisionColour, TaskState } from "@chuangcheng/domain/rules";

// Shaping the flat task list the server sends (tree order, each task before its sub-tasks) for the
// tree table, and the filters of the list view. Pure, so it is tested without a browser.

export interface FlatTask {
  id: number;
  parentId: number | null;
  unit: { id: number; name: string };
  assignee: { id: number; name: string } | null;
  state: TaskState;
  colour: SupervisionColour | null;
  dueOn: string;
}

export type TreeRow<T> = T & { children?: Array<TreeRow<T>> };

/**
 * Nests the tasks under their parents, keeping the server's order. A task whose parent is not in the
 * list (the caller sees a branch, not the whole tree) stands at the top.
 */
export function nestTasks<T extends FlatTask>(tasks: readonly T[]): Array<TreeRow<T>> {
  const rows = new Map<number, TreeRow<T>>(tasks.map((t) => [t.id, { ...t }]));
  const roots: Array<TreeRow<T>> = [];
  for (const t of tasks) {
    const row = rows.get(t.id);
    if (!row) continue;
    const parent = t.parentId === null ? undefined : rows.get(t.parentId);
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

export interface TaskFilter {
  unitId?: number | undefined;
  assigneeId?: number | undefined;
  state?: TaskState | undefined;
  colour?: SupervisionColour | "none" | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
}

export const hasFilter = (f: TaskFilter) => Object.values(f).some((v) => v !== undefined);

/** The tasks matching every filter given; 无督办 (`none`) matches tasks without a colour. */
export function filterTasks<T extends FlatTask>(tasks: readonly T[], f: TaskFilter): T[] {
  return tasks.filter(
    (t) =>
      (f.unitId === undefined || t.unit.id === f.unitId) &&
      (f.assigneeId === undefined || t.assignee?.id === f.assigneeId) &&
      (f.state === undefined || t.state === f.state) &&
      (f.colour === undefined || (f.colour === "none" ? t.colour === null : t.colour === f.colour)) &&
      (f.dueFrom === undefined || t.dueOn >= f.dueFrom) &&
      (f.dueTo === undefined || t.dueOn <= f.dueTo),
  );
}

/** The distinct units and people of a task list, for the filters' choices. */
export function choicesOf(tasks: readonly FlatTask[]) {
  const units = new Map<number, string>();
  const people = new Map<number, string>();
  for (const t of tasks) {
    units.set(t.unit.id, t.unit.name);
    if (t.assignee) people.set(t.assignee.id, t.assignee.name);
  }
  const options = (m: Map<number, string>) => [...m].map(([value, label]) => ({ value, label }));
  return { units: options(units), people: options(people) };
}

/**
 * The step that moves a task from `from` to `to` on the board, among the steps the caller may take
 * (`allowed`, from the server); 汇报进展 never counts as a move. Null: no such step.
 */
export function stepBetween<A extends string>(
  from: TaskState,
  to: TaskState,
  allowed: readonly A[],
  transition: (from: TaskState, action: A) => TaskState | null,
): A | null {
  for (const a of allowed) {
    if (a === "report") continue;
    if (transition(from, a) === to) return a;
  }
  return null;
}
