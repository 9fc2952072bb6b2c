import type { ActivityKind } from "../db/database.js";
import { ACTIVITY_KIND_LABELS } from "../activity/rules.js";
import { STAR_LABELS } from "../volunteer/star-level.js";
import type { ActivityFacts, BoardFacts, UnitFacts, VolunteerFacts } from "./summary-facts.js";
import type { CampaignFacts, ProblemFacts, TaskFacts } from "./summary-work-facts.js";
import type {
  SummaryDocument,
  SummaryFigure,
  SummaryParagraph,
  SummaryPhotoPair,
  SummarySection,
} from "./summary-model.js";
import { chineseDate } from "./summary-period.js";

// The words of a 工作总结 from its facts. Pure: every sentence comes from a pattern filled with figures,
// every figure is registered with its source for the 附表, and where there is no data the text says
// so plainly (本期无道德讲堂记录) — never a placeholder.

export interface SummaryFacts {
  /** the 社区 or 街道 the summary is of */
  unitName: string;
  isStreet: boolean;
  /** 2026年度 … */
  periodLabel: string;
  from: string;
  /** the last day the figures cover */
  until: string;
  /** today, China date: the date printed at the end */
  today: string;
  units: UnitFacts;
  volunteers: VolunteerFacts;
  activities: ActivityFacts;
  board: BoardFacts;
  problems: ProblemFacts;
  tasks: TaskFacts;
  campaign: CampaignFacts | null;
}

const pct = (v: number) => `${v}%`;

class Builder {
  readonly paragraphs: SummaryParagraph[] = [];
  readonly figures: SummaryFigure[] = [];
  private used: string[] = [];
  private counters = new Map<string, number>();
  constructor(
    private readonly periodText: string,
    private readonly asOfText: string,
  ) {}

  /** Registers a figure (once per key) and returns its printed value, to be used in the text. */
  fig(key: string, label: string, value: string, source: string, asOf = false): string {
    if (!this.figures.some((f) => f.key === key)) {
      this.figures.push({ key, label, value, source, period: asOf ? this.asOfText : this.periodText });
    }
    this.used.push(key);
    return value;
  }

  para(section: SummarySection, topic: string | null, text: string, photos: SummaryPhotoPair[] = []) {
    const base = `${section}.${topic ?? "main"}`;
    const n = (this.counters.get(base) ?? 0) + 1;
    this.counters.set(base, n);
    this.paragraphs.push({
      key: `${base}.${n}`,
      section,
      topic,
      text,
      figureKeys: [...new Set(this.used)],
      ...(photos.length > 0 ? { photos } : {}),
    });
    this.used = [];
  }
}

/** Which 测评项目 a topic of 二、主要做法 belongs to, for ordering it as the campaign's checklist does. */
const TOPIC_WORDS: Array<{ topic: string; words: string[] }> = [
  { topic: "加强组织领导", words: [] },
  { topic: "营造浓厚宣传氛围", words: ["宣传", "公益广告", "价值观"] },
  { topic: "广泛开展志愿服务", words: ["志愿"] },
  { topic: "办好道德讲堂", words: ["道德", "讲堂"] },
  { topic: "发布红黑榜", words: ["榜", "好人", "典型"] },
  { topic: "整治人居环境", words: ["环境", "卫生", "秩序", "整治"] },
  { topic: "抓好任务落实和督办", words: [] },
];

export function orderedTopics(projects: readonly string[]): string[] {
  const rank = (t: (typeof TOPIC_WORDS)[number], i: number) => {
    if (t.words.length === 0) return i === 0 ? -1 : 1000 + i;
    const at = projects.findIndex((p) => t.words.some((w) => p.includes(w)));
    return at === -1 ? 500 + i : at * 10 + i / 100;
  };
  return TOPIC_WORDS.map((t, i) => ({ t: t.topic, r: rank(t, i) }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.t);
}

export function draftSummary(f: SummaryFacts): SummaryDocument {
  const periodText = `${chineseDate(f.from)}至${chineseDate(f.until)}`;
  const asOf = `截至${chineseDate(f.until)}`;
  const b = new Builder(periodText, asOf);
  const who = f.isStreet ? "街道" : "社区";
  const v = f.volunteers;
  const u = f.units;

  // 一、基本情况
  const scale = [
    f.isStreet
      ? `辖${b.fig("units.communities", "社区数", `${u.communities.length}个`, "组织架构：街道下辖的社区", true)}社区`
      : null,
    `${b.fig("units.grids", "网格数", `${u.grids}个`, "组织架构：网格", true)}网格`,
    `${b.fig("units.courtyards", "楼院（小区）数", `${u.courtyards}个`, "组织架构：楼院", true)}楼院（小区）`,
    `${b.fig("units.buildings", "楼栋数", `${u.buildings}栋`, "组织架构：楼栋", true)}楼`,
  ].filter(Boolean);
  const people =
    u.households !== null && u.population !== null
      ? `共有居民${b.fig("units.households", "户数", `${u.households}户`, "组织架构：登记的户数", true)}、常住人口${b.fig("units.population", "常住人口", `${u.population}人`, "组织架构：登记的常住人口", true)}。`
      : u.population !== null
        ? `常住人口${b.fig("units.population", "常住人口", `${u.population}人`, "组织架构：登记的常住人口", true)}，户数尚未登记。`
        : "户数和常住人口尚未在系统中登记。";
  b.para("basic", null, `${f.unitName}${f.isStreet ? "" : "共划分"}${scale.join("、")}，${people}`);
  const registered = b.fig(
    "volunteers.registered",
    "注册志愿者",
    `${v.registered}人`,
    "志愿者花名册：审核通过且未退出的注册志愿者",
    true,
  );
  const fresh = b.fig(
    "volunteers.new",
    "本期新增注册志愿者",
    `${v.newInPeriod}人`,
    "志愿者花名册：本期审核通过的注册志愿者",
  );
  const below = v.perCommunity.filter((c) => c.ratioPercent === null || c.ratioPercent < c.targetPercent);
  const ratioText = () =>
    b.fig(
      "volunteers.ratio",
      "注册志愿者占常住人口比例",
      pct(v.ratioPercent!),
      "注册志愿者人数 ÷ 常住人口",
      true,
    );
  const share =
    v.ratioPercent === null
      ? "因常住人口未登记，暂无法计算注册志愿者占比"
      : f.isStreet
        ? `占常住人口的${ratioText()}，${b.fig("volunteers.reached", "注册志愿者比例达标社区", `${v.perCommunity.length - below.length}个`, "各社区注册志愿者占比与其目标比较", true)}社区达到目标`
        : `占常住人口的${ratioText()}，${v.ratioPercent >= v.targetPercent ? "达到" : "低于"}${b.fig("volunteers.target", "注册志愿者比例目标", pct(v.targetPercent), "社区设定的目标（志愿者比例设置）", true)}的目标`;
  const teams =
    v.teams > 0
      ? `组建志愿服务队${b.fig("volunteers.teams", "志愿服务队", `${v.teams}支`, "志愿服务队：未撤销的队伍", true)}`
      : "尚未组建志愿服务队";
  b.para("basic", null, `${asOf}，${who}注册志愿者${registered}（本期新增${fresh}），${share}；${teams}。`);
  if (f.isStreet && v.perCommunity.length > 1) {
    const list = v.perCommunity
      .map(
        (c) =>
          `${c.name}${c.registered}人${c.ratioPercent === null ? "" : `（${pct(c.ratioPercent)}，目标${pct(c.targetPercent)}）`}`,
      )
      .join("，");
    b.para("basic", null, `各社区注册志愿者：${list}。`);
  }

  // 二、主要做法及成效, in the order of the campaign's 测评项目
  const writers: Record<string, () => void> = {
    加强组织领导: () => organisation(b, f),
    营造浓厚宣传氛围: () => publicity(b, f),
    广泛开展志愿服务: () => volunteering(b, f),
    办好道德讲堂: () => lectures(b, f),
    发布红黑榜: () => board(b, f.board),
    整治人居环境: () => environment(b, f.problems),
    抓好任务落实和督办: () => tasks(b, f.tasks),
  };
  for (const topic of orderedTopics(f.campaign?.projects ?? [])) writers[topic]!();

  // 三、存在问题 and 四、下一步打算: one plan for each problem found
  const plans = problemsAndPlans(b, f);
  for (const p of plans) b.para("plans", null, p);

  return {
    title: `${f.unitName}${f.periodLabel}${f.campaign ? "创城" : "文明创建"}工作总结`,
    unitName: f.unitName,
    dateText: chineseDate(f.today),
    paragraphs: b.paragraphs,
    figures: b.figures,
  };
}

function organisation(b: Builder, f: SummaryFacts) {
  const topic = "加强组织领导";
  const c = f.campaign;
  if (!c) {
    b.para("practice", topic, "本期没有覆盖本期间的创城活动记录，系统中无领导小组和实施方案可列。");
    return;
  }
  const head = c.leaders.find((l) => l.role === "组长");
  const group =
    c.leaders.length === 0
      ? `围绕“${c.name}”开展创建工作，系统中尚未登记领导小组成员`
      : `围绕“${c.name}”成立创建工作领导小组${head ? `，由${head.title ? `${head.title}` : ""}${head.name}任组长` : ""}，成员${b.fig("campaign.leaders", "领导小组人数", `${c.leaders.length}人`, "创城活动：领导小组名单", true)}`;
  const docs =
    c.documents.length === 0
      ? "实施方案尚未上传至系统"
      : `制定印发${c.documents
          .slice(0, 3)
          .map((d) => `《${d.replace(/\.[a-z]+$/i, "")}》`)
          .join("、")}${c.documents.length > 3 ? "等" : ""}，任务层层分解、责任到人`;
  b.para("practice", topic, `${group}；${docs}。`);
}

function publicity(b: Builder, f: SummaryFacts) {
  const topic = "营造浓厚宣传氛围";
  const held = f.activities.byKind.find((k) => k.kind === "publicity")!.held;
  const evidence = f.campaign?.publicityEvidence ?? 0;
  if (held === 0 && evidence === 0) {
    b.para("practice", topic, "本期无宣传教育活动和宣传栏更新的台账记录。");
    return;
  }
  const parts = [
    held > 0
      ? `开展宣传教育活动${b.fig("activities.publicity", "宣传教育活动", `${held}场`, "活动管理：类型为宣传教育、本期结束的活动")}`
      : null,
    evidence > 0
      ? `围绕公益广告、社会主义核心价值观宣传和宣传栏更新归档台账资料${b.fig("campaign.publicityEvidence", "宣传类台账资料", `${evidence}份`, "创城活动：宣传类测评内容下本期归档的台账")}`
      : null,
  ].filter(Boolean);
  b.para("practice", topic, `${parts.join("，")}，营造了浓厚的创建氛围。`);
}

function volunteering(b: Builder, f: SummaryFacts) {
  const topic = "广泛开展志愿服务";
  const a = f.activities;
  if (a.held === 0) {
    b.para("practice", topic, "本期无已结束的志愿服务和文体活动记录。");
  } else {
    const kinds = a.byKind
      .filter((k) => k.held > 0)
      .map(
        (k) =>
          `${ACTIVITY_KIND_LABELS[k.kind as ActivityKind]}${b.fig(`activities.${k.kind}.held`, `${ACTIVITY_KIND_LABELS[k.kind as ActivityKind]}活动场次`, `${k.held}场`, `活动管理：类型为${ACTIVITY_KIND_LABELS[k.kind as ActivityKind]}、本期结束的活动`)}`,
      )
      .join("、");
    b.para(
      "practice",
      topic,
      `本期组织开展各类活动${b.fig("activities.held", "活动场次", `${a.held}场`, "活动管理：已发布且本期结束的活动")}，其中${kinds}；参加${b.fig("activities.people", "参加人次（时长已确认）", `${a.people}人次`, "活动报名：时长已确认的报名")}，累计志愿服务时长${b.fig("activities.hours", "志愿服务时长", `${a.hours}小时`, "活动报名：已确认的志愿服务时长合计")}。`,
    );
  }
  const starred = f.volunteers.stars
    .map((n, i) => ({ n, label: STAR_LABELS[i + 1]! }))
    .filter((s) => s.n > 0)
    .reverse();
  if (starred.length > 0) {
    b.para(
      "practice",
      topic,
      `按累计服务时长评定星级志愿者${starred.map((s) => `${s.label}${b.fig(`volunteers.stars.${s.label}`, `${s.label}志愿者`, `${s.n}人`, "志愿者花名册：按累计确认时长评定的星级", true)}`).join("、")}，发挥了示范带动作用。`,
    );
  }
}

function lectures(b: Builder, f: SummaryFacts) {
  const topic = "办好道德讲堂";
  const l = f.activities.lectures;
  if (l.held === 0) {
    b.para("practice", topic, "本期无道德讲堂记录。");
    return;
  }
  const titles = l.titles.length > 0 ? `，主题包括${l.titles.map((t) => `“${t}”`).join("、")}等` : "";
  b.para(
    "practice",
    topic,
    `举办道德讲堂${b.fig("lectures.held", "道德讲堂场次", `${l.held}场`, "活动管理：类型为道德讲堂、本期结束的活动")}${titles}${l.people > 0 ? `，参加${b.fig("lectures.people", "道德讲堂参加人次", `${l.people}人次`, "活动报名：道德讲堂时长已确认的报名")}` : ""}。`,
  );
}

function board(b: Builder, x: BoardFacts) {
  const topic = "发布红黑榜";
  if (x.editions === 0 && x.white + x.black === 0) {
    b.para("practice", topic, "本期无黑白榜发布记录。");
    return;
  }
  const rectified =
    x.rectified > 0
      ? `，其中${b.fig("board.rectified", "黑榜已整改", `${x.rectified}条`, "黑白榜：本期变为已整改的黑榜条目")}已整改撤榜`
      : "";
  b.para(
    "practice",
    topic,
    `发布黑白榜${b.fig("board.editions", "黑白榜期数", `${x.editions}期`, "黑白榜：本期发布的期数")}，上榜白榜${b.fig("board.white", "白榜条目", `${x.white}条`, "黑白榜：本期审核通过的白榜条目")}、黑榜${b.fig("board.black", "黑榜条目", `${x.black}条`, "黑白榜：本期审核通过的黑榜条目")}${rectified}，弘扬了正气、曝光了不文明行为。`,
  );
}

function environment(b: Builder, p: ProblemFacts) {
  const topic = "整治人居环境";
  if (p.found === 0 && p.closed === 0) {
    b.para("practice", topic, "本期无问题上报和整改记录。");
    return;
  }
  const rate =
    p.onTimePercent === null
      ? ""
      : `，按期办结率${b.fig("problems.onTime", "按期办结率", pct(p.onTimePercent), "问题管理：本期办结中在时限内办结的比例")}`;
  const med =
    p.medianDays === null
      ? ""
      : `，从发现到办结用时中位数${b.fig("problems.median", "办结用时中位数", `${p.medianDays}天`, "问题管理：本期办结问题从上报到办结的天数中位数")}`;
  b.para(
    "practice",
    topic,
    `通过巡查和随手拍发现问题${b.fig("problems.found", "发现问题", `${p.found}个`, "问题管理：本期上报的问题")}，办结${b.fig("problems.closed", "办结问题", `${p.closed}个`, "问题管理：本期办结的问题")}${rate}${med}。`,
  );
  if (p.examples.length > 0) {
    const list = p.examples
      .map(
        (e) =>
          `${e.place}的${e.category}问题${chineseDate(e.foundOn).replace(/^\d+年/, "")}发现、${e.days < 1 ? "当天" : `${Math.ceil(e.days)}天内`}整改到位`,
      )
      .join("；");
    b.para(
      "practice",
      topic,
      `如${list}，整改过程记录在问题整改台账中。`,
      p.examples
        .filter((e) => e.before !== null || e.after !== null)
        .map((e) => ({ before: e.before, after: e.after, caption: `${e.place} ${e.category}` })),
    );
  }
}

function tasks(b: Builder, t: TaskFacts) {
  const topic = "抓好任务落实和督办";
  if (t.total === 0 && t.supervisionsIssued === 0) {
    b.para("practice", topic, "本期无分解到本单位的创建任务记录。");
    return;
  }
  const sup =
    t.supervisionsIssued > 0
      ? `；下发督办单${b.fig("tasks.supervised", "下发督办单", `${t.supervisionsIssued}份`, "任务督办：本期下发的督办单")}，销号${b.fig("tasks.cleared", "督办销号", `${t.supervisionsCleared}份`, "任务督办：本期销号的督办单")}`
      : "";
  b.para(
    "practice",
    topic,
    `本期承担创建任务${b.fig("tasks.total", "创建任务", `${t.total}项`, "任务：时限与本期重叠、未取消的任务")}，已完成${b.fig("tasks.done", "已完成任务", `${t.done}项`, "任务：其中已验收完成的任务", true)}${sup}。`,
  );
}

/** 三、存在问题 from the facts, and for each one the line of 四、下一步打算 that answers it. */
function problemsAndPlans(b: Builder, f: SummaryFacts): string[] {
  const plans: string[] = [];
  const c = f.campaign;
  if (c && c.partial + c.missing > 0) {
    const named = c.weak
      .slice(0, 3)
      .map((w) => `“${w.content}”${w.gaps.length > 0 ? `（${w.gaps[0]}）` : ""}`)
      .join("、");
    b.para(
      "issues",
      null,
      `对照测评体系，${b.fig("campaign.items", "测评内容", `${c.items}项`, `创城活动“${c.name}”的测评清单`, true)}测评内容中尚有${b.fig("campaign.missing", "缺失项", `${c.missing}项`, "测评清单：台账缺失的测评内容", true)}缺失、${b.fig("campaign.partial", "部分齐全项", `${c.partial}项`, "测评清单：台账部分齐全的测评内容", true)}部分齐全，主要是${named}。`,
    );
    plans.push(
      `对照测评体系逐项补齐${c.partial + c.missing}项测评内容的台账资料，优先完成“${c.weak[0]!.content}”。`,
    );
  }
  const v = f.volunteers;
  if (f.isStreet) {
    const below = v.perCommunity.filter((x) => x.ratioPercent !== null && x.ratioPercent < x.targetPercent);
    if (below.length > 0) {
      b.para("issues", null, `${below.map((x) => x.name).join("、")}注册志愿者占常住人口比例尚未达到目标。`);
      plans.push(`指导${below.length}个社区广泛动员居民注册志愿者，推动注册志愿者比例全部达标。`);
    }
  } else if (v.ratioPercent !== null && v.ratioPercent < v.targetPercent) {
    b.para(
      "issues",
      null,
      `注册志愿者占常住人口比例为${b.fig("volunteers.ratio", "注册志愿者占常住人口比例", pct(v.ratioPercent), "注册志愿者人数 ÷ 常住人口", true)}，尚未达到${pct(v.targetPercent)}的目标。`,
    );
    plans.push(`广泛动员居民注册志愿者，力争注册志愿者占常住人口比例达到${pct(v.targetPercent)}以上。`);
  }
  const l = f.activities.lectures;
  if (l.held < l.expected) {
    b.para(
      "issues",
      null,
      `道德讲堂按每月${l.perMonth}场应开展${b.fig("lectures.expected", "道德讲堂应开展场次", `${l.expected}场`, "每月场次要求 × 月数（含社区数）")}，实际开展${l.held}场，未达到要求。`,
    );
    plans.push(`按每月${l.perMonth}场的要求常态化开展道德讲堂，提前确定主题和主讲人。`);
  }
  const t = f.tasks;
  if (t.overdue > 0) {
    b.para(
      "issues",
      null,
      `有${b.fig("tasks.overdue", "逾期未完成任务", `${t.overdue}项`, "任务：截至今日已过时限仍未完成的任务", true)}任务已过时限仍未完成，如${t.overdueTitles.map((x) => `“${x}”`).join("、")}。`,
    );
    plans.push(`对${t.overdue}项逾期任务逐项督办，明确责任人和完成时限，按期销号。`);
  }
  const p = f.problems;
  if (p.openOverdue > 0) {
    b.para(
      "issues",
      null,
      `有${b.fig("problems.overdue", "超期未办结问题", `${p.openOverdue}个`, "问题管理：截至今日超过整改时限仍未办结的问题", true)}问题超过整改时限仍未办结。`,
    );
    plans.push(`加快${p.openOverdue}个超期问题的整改，做到件件有回音、事事有着落。`);
  }
  for (const s of p.slow) {
    b.para(
      "issues",
      null,
      `${s.category}类问题本期办结${s.closed}个，按期办结率仅为${b.fig(`problems.slow.${s.category}`, `${s.category}按期办结率`, pct(s.onTimePercent), `问题管理：本期办结的${s.category}问题中在时限内办结的比例`)}${s.medianDays === null ? "" : `，用时中位数${s.medianDays}天`}，处置偏慢。`,
    );
    plans.push(`针对${s.category}问题建立快速处置机制，提高按期办结率。`);
  }
  if (plans.length === 0) {
    b.para("issues", null, "本期系统数据中未发现未达标的测评内容、逾期任务或超期问题。");
    plans.push("巩固创建成果，推动文明创建常态长效。");
  }
  return plans;
}
