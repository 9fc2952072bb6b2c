// The 台账 the 报表与导出 page offers: each ledger's name and columns, in the words offices use.
// Pure: no database, safe in a browser (the console lists the columns on each ledger's card).

import type { OrgKind } from "../db/database.js";
import type { Permission } from "../auth/rules.js";

export const LEDGER_KINDS = ["volunteers", "activities", "lectures", "problems", "board", "tasks"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerColumn {
  header: string;
  /** Excel column width, in characters */
  width: number;
}

export interface LedgerInfo {
  kind: LedgerKind;
  title: string;
  /** what the period selects, shown under the card's title */
  periodNote: string;
  columns: LedgerColumn[];
  /** what the caller must hold at the unit (checked in the domain; the console greys the button out) */
  permission: Permission;
  /** the kinds of unit it is kept for (activities and the board are a 社区's, not a 网格's) */
  unitKinds: readonly OrgKind[];
  /** the download is a .zip (the sheet and a 照片 folder the sheet links to), not a bare .xlsx */
  zip: boolean;
}

const UPPER: readonly OrgKind[] = ["street", "community"];
const ALL: readonly OrgKind[] = ["street", "community", "grid", "courtyard"];

const cols = (spec: Array<[string, number]>): LedgerColumn[] =>
  spec.map(([header, width]) => ({ header, width }));

export const LEDGERS: Record<LedgerKind, LedgerInfo> = {
  volunteers: {
    kind: "volunteers",
    permission: "volunteer.read",
    unitKinds: ALL,
    title: "志愿者注册资料",
    periodNote: "截至期末已注册的志愿者",
    zip: false,
    columns: cols([
      ["序号", 6],
      ["姓名", 10],
      ["性别", 6],
      ["年龄", 6],
      ["身份证号", 22],
      ["手机号", 14],
      ["政治面貌", 12],
      ["服务技能", 20],
      ["网格", 16],
      ["楼院", 16],
      ["注册时间", 18],
      ["累计时长（小时）", 14],
    ]),
  },
  activities: {
    kind: "activities",
    permission: "activity.manage",
    unitKinds: UPPER,
    title: "志愿服务活动台账",
    periodNote: "期间内开展的各类志愿服务活动（含道德讲堂，不含已取消）",
    zip: false,
    columns: cols([
      ["序号", 6],
      ["活动名称", 30],
      ["活动类型", 10],
      ["活动日期", 12],
      ["活动时间", 14],
      ["活动地点", 24],
      ["组织单位", 16],
      ["报名人数", 10],
      ["参加人数", 10],
      ["服务时长（小时）", 14],
    ]),
  },
  lectures: {
    kind: "lectures",
    permission: "activity.manage",
    unitKinds: UPPER,
    title: "道德讲堂台账",
    periodNote: "期间内举办的道德讲堂（不含已取消）",
    zip: false,
    columns: cols([
      ["序号", 6],
      ["日期", 12],
      ["时间", 14],
      ["主题", 30],
      ["主讲人", 12],
      ["地点", 24],
      ["参加人数", 10],
      ["内容摘要", 40],
    ]),
  },
  problems: {
    kind: "problems",
    permission: "problem.handle",
    unitKinds: ALL,
    title: "问题整改台账",
    periodNote: "期间内发现的问题；照片在压缩包的“照片”文件夹，表中可点击打开",
    zip: true,
    columns: cols([
      ["序号", 6],
      ["问题描述", 36],
      ["类别", 14],
      ["位置", 24],
      ["发现时间", 17],
      ["来源", 8],
      ["责任人", 10],
      ["时限", 12],
      ["整改状态", 12],
      ["办结时间", 17],
      ["整改前照片", 18],
      ["整改后照片", 18],
    ]),
  },
  board: {
    kind: "board",
    permission: "board.moderate",
    unitKinds: UPPER,
    title: "红黑榜台账",
    periodNote: "期间内各期红黑榜的上榜条目（黑榜当事人不显示全名）",
    zip: false,
    columns: cols([
      ["序号", 6],
      ["期次", 20],
      ["榜别", 6],
      ["类别", 12],
      ["楼院", 18],
      ["标题", 30],
      ["对象", 18],
      ["状态", 10],
      ["公示开始", 12],
      ["公示结束", 12],
      ["整改/撤榜日期", 14],
    ]),
  },
  tasks: {
    kind: "tasks",
    permission: "task.manage",
    unitKinds: ALL,
    title: "任务落实台账",
    periodNote: "时限落在期间内的任务（不含已取消）",
    zip: false,
    columns: cols([
      ["序号", 6],
      ["任务名称", 28],
      ["创城活动", 20],
      ["责任单位", 16],
      ["责任人", 10],
      ["开始日期", 12],
      ["时限", 12],
      ["优先级", 8],
      ["进度", 8],
      ["状态", 10],
      ["是否逾期", 8],
    ]),
  },
};

/** The longest period one export may cover. */
export const LEDGER_MAX_YEARS = 10;
