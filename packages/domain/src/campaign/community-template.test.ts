import { describe, expect, it } from "vitest";
import { COMMUNITY_TEMPLATE } from "./community-template.js";
import {
  ASSESS_METHODS,
  EVIDENCE_KINDS,
  MEASURE_KINDS,
  type IndicatorTemplate,
  type Measure,
} from "./rules.js";

type ActivityKind = Extract<Measure, { kind: "activities_per_month" }>["activityKind"];
const ACTIVITY_KINDS = [
  "volunteer_service",
  "moral_lecture",
  "culture_sports",
  "publicity",
] as const satisfies readonly ActivityKind[];

/** Why a measure is not a valid Measure, or null when it is (the runtime face of the Measure type). */
function measureProblem(m: Measure): string | null {
  if (!(MEASURE_KINDS as readonly string[]).includes(m.kind)) return `unknown kind ${m.kind}`;
  switch (m.kind) {
    case "volunteer_share":
    case "board_monthly":
      return Object.keys(m).length === 1 ? null : "unexpected fields";
    case "activities_per_month":
      if (!(ACTIVITY_KINDS as readonly string[]).includes(m.activityKind)) return "bad activityKind";
      if (!Number.isInteger(m.perMonth) || m.perMonth < 1) return "perMonth must be a positive integer";
      return null;
    case "problems_on_time":
      return m.share > 0 && m.share <= 1 ? null : "share must be in (0, 1]";
    case "evidence_per_quarter":
      return (EVIDENCE_KINDS as readonly string[]).includes(m.evidenceKind) ? null : "bad evidenceKind";
  }
}

const text = (i: IndicatorTemplate) => `${i.content} ${i.standard}`;
const find = (pattern: RegExp) => COMMUNITY_TEMPLATE.filter((i) => pattern.test(text(i)));

describe("COMMUNITY_TEMPLATE shape", () => {
  it("has 30 to 40 items worth 100 points in all, as its header says", () => {
    expect(COMMUNITY_TEMPLATE.length).toBeGreaterThanOrEqual(30);
    expect(COMMUNITY_TEMPLATE.length).toBeLessThanOrEqual(40);
    expect(COMMUNITY_TEMPLATE.reduce((s, i) => s + i.points, 0)).toBe(100);
  });

  it("gives every item a project, content, standard, method, points and evidence", () => {
    for (const item of COMMUNITY_TEMPLATE) {
      const where = `${item.project} / ${item.content}`;
      expect(item.project.trim(), where).not.toBe("");
      expect(item.content.trim(), where).not.toBe("");
      expect(item.standard.trim(), where).not.toBe("");
      expect(item.standard, where).toMatch(/。$/);
      expect(ASSESS_METHODS, where).toContain(item.method);
      expect(item.points, where).toBeGreaterThan(0);
      expect(item.points, where).toBeLessThanOrEqual(5);
      expect(item.evidence.length, where).toBeGreaterThan(0);
      for (const k of item.evidence) expect(EVIDENCE_KINDS, where).toContain(k);
      expect(new Set(item.evidence).size, `${where}: repeated evidence kind`).toBe(item.evidence.length);
    }
  });

  it("has no duplicate (project, content, standard) and no repeated content within a project", () => {
    const triples = COMMUNITY_TEMPLATE.map((i) => `${i.project}\u0000${i.content}\u0000${i.standard}`);
    expect(new Set(triples).size).toBe(triples.length);
    const pairs = COMMUNITY_TEMPLATE.map((i) => `${i.project}\u0000${i.content}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("keeps each 测评项目 in one contiguous group", () => {
    const order: string[] = [];
    for (const item of COMMUNITY_TEMPLATE) {
      if (order[order.length - 1] === item.project) continue;
      expect(order, `${item.project} appears in two separate groups`).not.toContain(item.project);
      order.push(item.project);
    }
    expect(order).toEqual([
      "基础项目",
      "宣传氛围",
      "学雷锋志愿服务",
      "文明风尚",
      "公共环境",
      "公共秩序",
      "未成年人思想道德建设",
      "公共文化",
      "问卷调查",
    ]);
  });

  it("gives only valid measures, and uses survey only for the questionnaire items", () => {
    for (const item of COMMUNITY_TEMPLATE) {
      if (item.measure) expect(measureProblem(item.measure), `${item.content}`).toBeNull();
      expect(item.method === "survey", item.content).toBe(item.project === "问卷调查");
    }
  });

  it("rejects malformed measures (the checker itself can fail)", () => {
    expect(
      measureProblem({ kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 0 }),
    ).not.toBeNull();
    expect(measureProblem({ kind: "problems_on_time", share: 1.5 })).not.toBeNull();
    expect(measureProblem({ kind: "evidence_per_quarter", evidenceKind: "video" as never })).not.toBeNull();
    expect(measureProblem({ kind: "nope" } as never)).not.toBeNull();
  });
});

describe("COMMUNITY_TEMPLATE contents required by issue 10", () => {
  it("counts only fixed forms for 公益广告 and 核心价值观 宣传, and says 横幅 does not count", () => {
    for (const pattern of [/公益广告/, /社会主义核心价值观/]) {
      const hits = find(pattern).filter(
        (i) =>
          i.method === "field" &&
          /宣传栏/.test(i.standard) &&
          /展板/.test(i.standard) &&
          /电子屏/.test(i.standard),
      );
      expect(hits.length, String(pattern)).toBeGreaterThan(0);
      for (const i of hits) expect(i.standard).toMatch(/横幅[^。；]*不计入/);
    }
    // 横幅 is only ever named as not counting.
    for (const i of COMMUNITY_TEMPLATE.filter((x) => /横幅/.test(x.standard))) {
      expect(i.standard).toMatch(/横幅[^。；]*不计入/);
    }
  });

  it("measures 宣传栏 renewal by photos dated in every quarter", () => {
    const hits = find(/宣传栏/).filter(
      (i) => i.measure?.kind === "evidence_per_quarter" && i.measure.evidenceKind === "photo",
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.standard).toMatch(/每季度/);
    expect(hits[0]!.evidence).toContain("photo");
  });

  it("measures 道德讲堂 at 2 a month and 志愿服务活动 at least monthly", () => {
    const lecture = find(/道德讲堂/);
    expect(lecture).toHaveLength(1);
    expect(lecture[0]!.measure).toEqual({
      kind: "activities_per_month",
      activityKind: "moral_lecture",
      perMonth: 2,
    });
    expect(lecture[0]!.standard).toMatch(/每月至少[^。]*2次/);

    const service = COMMUNITY_TEMPLATE.filter(
      (i) => i.measure?.kind === "activities_per_month" && i.measure.activityKind === "volunteer_service",
    );
    expect(service).toHaveLength(1);
    expect(text(service[0]!)).toMatch(/志愿服务活动/);
    expect(service[0]!.measure).toMatchObject({ perMonth: 2 });
  });

  it("measures the volunteer share, the monthly 红黑榜 and problems closed on time", () => {
    const byMeasure = (kind: Measure["kind"]) => COMMUNITY_TEMPLATE.filter((i) => i.measure?.kind === kind);
    const share = byMeasure("volunteer_share");
    expect(share).toHaveLength(1);
    expect(text(share[0]!)).toMatch(/注册志愿者[^。]*常住人口/);

    const board = byMeasure("board_monthly");
    expect(board).toHaveLength(1);
    expect(text(board[0]!)).toMatch(/红黑榜|善行义举榜/);
    expect(board[0]!.standard).toMatch(/每月/);

    const problems = byMeasure("problems_on_time");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.measure).toEqual({ kind: "problems_on_time", share: 0.9 });
    expect(problems[0]!.standard).toMatch(/90%/);
  });

  it("has the 文明实践站 with people, rules and records", () => {
    const station = find(/新时代文明实践站|志愿服务站/);
    expect(station.length).toBeGreaterThan(0);
    expect(station[0]!.standard).toMatch(/专人/);
    expect(station[0]!.standard).toMatch(/制度/);
    expect(station[0]!.standard).toMatch(/记录/);
    expect(station[0]!.evidence).toContain("record");
  });

  it("has 综合文化服务中心 activities at least 5 a year with text and photos", () => {
    const centre = find(/综合文化服务中心/);
    expect(centre).toHaveLength(1);
    expect(centre[0]!.standard).toMatch(/不少于5次/);
    expect(centre[0]!.standard).toMatch(/文字/);
    expect(centre[0]!.evidence).toEqual(expect.arrayContaining(["record", "photo"]));
  });

  it("names every item the issue lists", () => {
    const required: Array<[string, RegExp, IndicatorTemplate["method"]?]> = [
      ["居民公约", /居民公约|市民公约/, "field"],
      ["楼栋好人/道德模范", /楼栋好人[^。]*道德模范|道德模范[^。]*楼栋好人/],
      ["垃圾分类 bins and signs", /垃圾分类[^。]*垃圾桶[^。]*标识/, "field"],
      ["楼道 clean and unobstructed", /楼道[^。]*畅通/, "field"],
      ["私搭乱建", /私搭乱建/, "field"],
      ["毁绿种菜", /毁绿种菜/, "field"],
      ["饲养家禽", /家禽/, "field"],
      ["文明养犬", /文明养犬/],
      ["消防通道", /消防通道[^。]*畅通/, "field"],
      ["飞线充电", /飞线充电/, "field"],
      ["非机动车", /非机动车[^。]*有序停放/, "field"],
      ["控烟 signs", /控烟[^。]*标识|禁烟[^。]*标识/, "field"],
      ["未成年人 activities", /未成年人[^。]*活动/],
      ["创城知晓率", /知晓率/, "survey"],
      ["创城支持率", /支持率/, "survey"],
      ["居民满意度", /满意度/, "survey"],
    ];
    for (const [name, pattern, method] of required) {
      const hits = find(pattern).filter((i) => !method || i.method === method);
      expect(hits.length, name).toBeGreaterThan(0);
    }
  });
});
