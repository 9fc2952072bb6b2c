// The 工作总结 as a document: what the draft (summary-draft.ts) produces, what the console edits
// paragraph by paragraph and what the .docx (summary-docx.ts) lays out. Pure: no database, no I/O.

/** The four parts every 工作总结 in the seeds has, in their order. */
export const SUMMARY_SECTIONS = ["basic", "practice", "issues", "plans"] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

export const SUMMARY_SECTION_HEADINGS: Record<SummarySection, string> = {
  basic: "一、基本情况",
  practice: "二、主要做法及成效",
  issues: "三、存在问题",
  plans: "四、下一步打算",
};

/** One paragraph of the body. Consecutive paragraphs of a section with the same `topic` share one
 * （一）-style subheading, numbered by the layout (the draft never writes the numeral). */
export interface SummaryParagraph {
  /** Stable within a draft (e.g. "practice.volunteers.1"), so an edit finds its paragraph. */
  key: string;
  section: SummarySection;
  /** The subheading's words without the numeral, e.g. "志愿服务"; null for none. */
  topic: string | null;
  text: string;
  /** Keys of the figures this paragraph states, each one a row of the 附表. */
  figureKeys: string[];
  /** Photos printed after the paragraph: a problem before and after 整改, side by side. */
  photos?: SummaryPhotoPair[];
}

/** A problem's photo before and after 整改 (file ids; either may be missing) and its caption. */
export interface SummaryPhotoPair {
  before: number | null;
  after: number | null;
  /** e.g. "东街社区一号院 楼道堆物" */
  caption: string;
}

/** The bytes of a photo the .docx prints (a thumbnail, JPEG), with its pixel size. */
export interface SummaryImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** One figure a paragraph states, with where it comes from: a row of the closing 附表. */
export interface SummaryFigure {
  key: string;
  /** What it is, e.g. "注册志愿者占常住人口比例". */
  label: string;
  /** As the text prints it, e.g. "13.2%", "1,204人", "36.5小时". */
  value: string;
  /** The query it comes from, in words an inspector reads, e.g. "志愿者花名册：审核通过的注册志愿者". */
  source: string;
  /** The period it covers, e.g. "2026年1月1日—2026年12月31日" or "截至2026年12月31日". */
  period: string;
}

export interface SummaryDocument {
  /** e.g. "东街社区2026年度创建全国文明城市工作总结" */
  title: string;
  /** The issuing unit printed at the end, e.g. "东街社区居民委员会" or the unit's name. */
  unitName: string;
  /** The date printed under the unit, e.g. "2026年12月3日". */
  dateText: string;
  paragraphs: SummaryParagraph[];
  figures: SummaryFigure[];
}

/** What a draft stores besides its title: the document's body and which paragraphs a person edited. */
export interface SummaryBody {
  unitName: string;
  dateText: string;
  paragraphs: SummaryParagraph[];
  figures: SummaryFigure[];
  /** keys of the paragraphs whose text a person changed */
  edited: string[];
}
