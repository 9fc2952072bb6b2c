import type { SummaryDocument, SummaryFigure, SummaryParagraph } from "./summary-model.js";

// Documents for the .docx tests and the bench: a realistic 工作总结 of a 社区, and one as large as needed.

const YEAR = "2026年1月1日—2026年12月31日";
const AT_END = "截至2026年12月31日";

const FIGURES: SummaryFigure[] = [
  {
    key: "households",
    label: "辖区户数",
    value: "3,862户",
    source: "网格台账：辖区楼院登记户数",
    period: AT_END,
  },
  {
    key: "residents",
    label: "常住人口",
    value: "9,127人",
    source: "网格台账：楼院常住人口合计",
    period: AT_END,
  },
  { key: "grids", label: "网格数", value: "12个", source: "组织架构：本社区下设网格", period: AT_END },
  { key: "compounds", label: "楼院数", value: "47个", source: "组织架构：各网格所辖楼院", period: AT_END },
  {
    key: "volunteers",
    label: "注册志愿者",
    value: "1,204人",
    source: "志愿者花名册：审核通过的注册志愿者",
    period: AT_END,
  },
  {
    key: "volunteerShare",
    label: "注册志愿者占常住人口比例",
    value: "13.2%",
    source: "志愿者花名册÷网格台账常住人口（目标13%）",
    period: AT_END,
  },
  {
    key: "activities",
    label: "志愿服务活动",
    value: "186场",
    source: "志愿服务活动台账：已结束的活动",
    period: YEAR,
  },
  {
    key: "hours",
    label: "志愿服务时长",
    value: "5,318.5小时",
    source: "志愿服务活动台账：经确认的服务时长合计",
    period: YEAR,
  },
  { key: "lectures", label: "道德讲堂", value: "11期", source: "道德讲堂台账：已举办的场次", period: YEAR },
  {
    key: "problems",
    label: "发现环境问题",
    value: "428件",
    source: "问题整改台账：上报的问题",
    period: YEAR,
  },
  {
    key: "closedRate",
    label: "问题按期办结率",
    value: "93.0%",
    source: "问题整改台账：按期办结件数÷应办结件数",
    period: YEAR,
  },
  {
    key: "overdue",
    label: "逾期未办结任务",
    value: "3项",
    source: "任务落实台账：超过期限仍未办结",
    period: AT_END,
  },
];

const P = (
  key: string,
  section: SummaryParagraph["section"],
  topic: string | null,
  text: string,
  figureKeys: string[] = [],
): SummaryParagraph => ({ key, section, topic, text, figureKeys });

/** A 社区's 2026年度 工作总结: all four sections, several topics, twelve figures. */
export function sampleSummaryDocument(): SummaryDocument {
  return {
    title: "东街社区2026年度创建全国文明城市工作总结",
    unitName: "东街社区居民委员会",
    dateText: "2026年12月3日",
    paragraphs: [
      P(
        "basic.overview",
        "basic",
        null,
        "东街社区位于城区东部，辖区户数3,862户，常住人口9,127人，划分网格12个、楼院47个。社区以创建全国文明城市为抓手，坚持问题导向、常态长效，把创建工作融入日常治理和服务居民的各个环节。",
        ["households", "residents", "grids", "compounds"],
      ),
      P(
        "basic.volunteers",
        "basic",
        null,
        "截至年底，审核通过的注册志愿者1,204人，占常住人口的13.2%，达到13%的目标要求；组建志愿服务队伍9支。",
        ["volunteers", "volunteerShare"],
      ),
      P(
        "practice.lead.1",
        "practice",
        "强化组织领导",
        "社区成立由党委书记任组长的创建工作领导小组，制定年度实施方案，明确各网格、楼院的责任人和完成时限，每月召开推进会通报进度、研究解决问题。",
      ),
      P(
        "practice.lead.2",
        "practice",
        "强化组织领导",
        "对照测评体系逐项梳理任务清单，实行清单化管理、销号式推进，做到底数清、责任明。",
      ),
      P(
        "practice.volunteers.1",
        "practice",
        "深化志愿服务",
        "全年开展志愿服务活动186场，经确认的服务时长5,318.5小时，内容涵盖环境清洁、文明交通劝导、关爱“一老一小”、政策宣传等方面。",
        ["activities", "hours"],
      ),
      P(
        "practice.lectures.1",
        "practice",
        "办好道德讲堂",
        "举办道德讲堂11期，邀请身边好人、道德模范讲述身边故事，引导居民崇德向善、见贤思齐。",
        ["lectures"],
      ),
      P(
        "practice.environment.1",
        "practice",
        "整治人居环境",
        "网格员日常巡查发现环境问题428件，按期办结率93.0%。其中和平里3号楼院堆放杂物问题经集中清理后改建为休闲小广场，新华巷路面破损问题经维修后恢复通行。",
        ["problems", "closedRate"],
      ),
      P(
        "practice.environment.2",
        "practice",
        "整治人居环境",
        "建立问题发现、交办、整改、复核闭环机制，对反复出现的问题实行挂牌督办。",
      ),
      P(
        "issues.1",
        "issues",
        "任务落实仍有短板",
        "截至年底仍有逾期未办结任务3项，个别网格责任人跟进不及时，督办提醒后才推进。",
        ["overdue"],
      ),
      P(
        "issues.2",
        "issues",
        "长效机制有待完善",
        "部分楼院环境问题整改后出现反弹，居民自治作用发挥不够，群众参与创建的积极性有待进一步调动。",
      ),
      P(
        "plans.1",
        "plans",
        "抓好任务清零",
        "对逾期未办结的任务逐项明确责任人和完成时限，实行周调度、月通报，确保年内全部办结。",
      ),
      P(
        "plans.2",
        "plans",
        "巩固整治成果",
        "推行楼院长制，发动居民参与环境维护，对整改后的问题点位定期回访复核，防止反弹。",
      ),
      P(
        "plans.3",
        "plans",
        "壮大志愿队伍",
        "持续开展志愿者招募，重点吸纳青年和在职党员，进一步提高志愿者注册率和服务时长。",
      ),
    ],
    figures: FIGURES,
  };
}

/**
 * A document as large as the bench asks: `paragraphs` paragraphs spread over the four sections in
 * topics of three, and `figures` figures (the bench's target: the .docx of 60 paragraphs and 80 figures
 * in well under a second).
 */
export function largeSummaryDocument(paragraphs = 60, figures = 80): SummaryDocument {
  const sample = sampleSummaryDocument();
  const sections = ["basic", "practice", "issues", "plans"] as const;
  const texts = sample.paragraphs.map((p) => p.text);
  const figureList: SummaryFigure[] = Array.from({ length: figures }, (_, i) => {
    const base = FIGURES[i % FIGURES.length]!;
    return { ...base, key: `${base.key}.${i + 1}`, label: `${base.label}（第${i + 1}项）` };
  });
  const paragraphList: SummaryParagraph[] = Array.from({ length: paragraphs }, (_, i) => {
    const section = sections[Math.min(sections.length - 1, Math.floor((i * sections.length) / paragraphs))]!;
    const keys = figureList.filter((_, f) => f % paragraphs === i).map((f) => f.key);
    const stated = figureList.filter((f) => keys.includes(f.key)).map((f) => `${f.label}${f.value}`);
    return P(
      `${section}.${i + 1}`,
      section,
      `工作事项${Math.floor(i / 3) + 1}`,
      stated.length > 0
        ? `${texts[i % texts.length]!.replace(/。$/, "")}；${stated.join("；")}。`
        : texts[i % texts.length]!,
      keys,
    );
  });
  return { ...sample, paragraphs: paragraphList, figures: figureList };
}
