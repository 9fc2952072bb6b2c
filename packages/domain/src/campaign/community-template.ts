// The built-in 测评体系 checklist for a 社区 (城市社区), copied into a campaign when it is made and then
// edited per campaign (items added, reworded, re-weighted, removed).
//
// Written from public 全国文明城市 测评 practice as communities describe it (实地考察 / 材料审核 /
// 问卷调查) and from the seeds' summaries (the 社区创城工作汇报: 基础项目, 学雷锋志愿服务, 宣传氛围 …).
// It is NOT an official document: there is no official numbering here, and the wording, points and
// targets are a sensible starting point, not a quotation. Local 创建 documents take precedence.
//
// 38 items in 9 测评项目, 100 points in total (so a 模拟测评 reads as a score out of 100).
// Order: groups run from the 社区's own organisation, through what inspectors see on the ground,
// to the resident questionnaire; each 测评项目 is one contiguous block.

import type { IndicatorTemplate } from "./rules.js";

export const COMMUNITY_TEMPLATE: readonly IndicatorTemplate[] = [
  // 基础项目 — 11 points
  {
    project: "基础项目",
    content: "组织领导",
    standard: "成立以社区党组织书记为组长的创建工作领导小组，制定年度创建实施方案，任务分解到网格和责任人。",
    method: "material",
    points: 3,
    evidence: ["plan", "record"],
  },
  {
    project: "基础项目",
    content: "问题整改",
    standard:
      "测评、督查和居民反映的问题建立整改台账，限期整改；按时整改到位的比例不低于90%，留存整改前后照片。",
    method: "material",
    points: 4,
    evidence: ["ledger", "photo"],
    measure: { kind: "problems_on_time", share: 0.9 },
  },
  {
    project: "基础项目",
    content: "基础设施",
    standard: "小区路灯、楼道灯无破损，能正常使用；道路平整，无坑洼破损。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },
  {
    project: "基础项目",
    content: "控烟",
    standard: "社区办公和服务场所室内全面禁烟，张贴明显的禁烟（控烟）标识；室内无烟具、无烟蒂、无人吸烟。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },

  // 宣传氛围 — 17 points
  {
    project: "宣传氛围",
    content: "公益广告",
    standard:
      "小区出入口、广场、楼院等醒目位置设置“讲文明树新风”公益广告，数量充足、画面整洁无破损；须为宣传栏、展板、电子屏等固定形式，横幅不计入。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "宣传氛围",
    content: "社会主义核心价值观宣传",
    standard:
      "小区内有社会主义核心价值观固定宣传阵地（宣传栏、展板、电子屏或景观小品），内容完整准确；横幅、临时张贴不计入。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "宣传氛围",
    content: "宣传栏设置",
    standard:
      "社区设有固定宣传栏，刊登创建文明城市、公民道德、社会主义核心价值观、未成年人思想道德、文明礼仪、文明交通、节俭养德等内容，版面整洁。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },
  {
    project: "宣传氛围",
    content: "宣传栏更新",
    standard: "宣传栏每季度至少更新一次，留存每季度的版面照片或缩印版备查。",
    method: "material",
    points: 3,
    evidence: ["photo"],
    measure: { kind: "evidence_per_quarter", evidenceKind: "photo" },
  },
  {
    project: "宣传氛围",
    content: "电子显示屏",
    standard:
      "社区电子显示屏滚动播放讲文明树新风公益广告和社会主义核心价值观、志愿服务等内容，显示正常无故障。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },
  {
    project: "宣传氛围",
    content: "居民公约公示",
    standard: "《市民公约》《居民公约》在社区服务场所和小区醒目位置上墙公示，内容清晰完整。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },
  {
    project: "宣传氛围",
    content: "法治和防灾减灾宣传",
    standard: "开展法治宣传教育和防灾减灾宣传活动，有活动方案、记录、图片和总结。",
    method: "material",
    points: 2,
    evidence: ["plan", "record", "photo", "summary"],
  },

  // 学雷锋志愿服务 — 15 points
  {
    project: "学雷锋志愿服务",
    content: "新时代文明实践站（志愿服务站）",
    standard:
      "设立新时代文明实践站或学雷锋志愿服务站，有固定场所和标识标牌、专人负责，公示管理制度、组织机构和服务项目，有日常服务记录。",
    method: "field",
    points: 3,
    evidence: ["photo", "record"],
  },
  {
    project: "学雷锋志愿服务",
    content: "注册志愿者比例",
    standard: "实名注册志愿者占社区常住人口的比例达到本社区目标；注册资料完整，含服务技能和服务时间。",
    method: "material",
    points: 3,
    evidence: ["ledger"],
    measure: { kind: "volunteer_share" },
  },
  {
    project: "学雷锋志愿服务",
    content: "志愿服务活动",
    standard: "常态化开展志愿服务活动，每月不少于2次，每次有方案、签到记录、图片和总结。",
    method: "material",
    points: 3,
    evidence: ["plan", "record", "photo", "summary"],
    measure: { kind: "activities_per_month", activityKind: "volunteer_service", perMonth: 2 },
  },
  {
    project: "学雷锋志愿服务",
    content: "关爱帮扶",
    standard: "开展关爱空巢老人、留守儿童、困难群众、残疾人志愿服务，建立结对帮扶台账，有活动记录和图片。",
    method: "material",
    points: 2,
    evidence: ["ledger", "record", "photo"],
  },
  {
    project: "学雷锋志愿服务",
    content: "志愿服务长效机制",
    standard: "有志愿服务中长期规划、工作流程和活动项目清单，有志愿者培训和激励回馈制度。",
    method: "material",
    points: 2,
    evidence: ["plan"],
  },
  {
    project: "学雷锋志愿服务",
    content: "专业志愿服务进社区",
    standard: "上级和辖区单位组织文化、卫生、消防、法律等专业志愿服务队进社区服务，有记录、图片和媒体报道。",
    method: "material",
    points: 2,
    evidence: ["record", "photo", "report"],
  },

  // 文明风尚 — 12 points
  {
    project: "文明风尚",
    content: "道德讲堂",
    standard: "以“身边人讲身边事”为主要形式，每月至少举办2次道德讲堂，每次有方案、签到记录、图片和总结。",
    method: "material",
    points: 3,
    evidence: ["plan", "record", "photo", "summary"],
    measure: { kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 },
  },
  {
    project: "文明风尚",
    content: "红黑榜（善行义举榜）",
    standard: "小区设红黑榜（善行义举榜），每月更新发布，表扬好人好事、曝光不文明行为，有评议记录。",
    method: "field",
    points: 3,
    evidence: ["photo", "record"],
    measure: { kind: "board_monthly" },
  },
  {
    project: "文明风尚",
    content: "楼栋好人和道德模范评选",
    standard: "定期开展楼栋好人、身边好人、道德模范评选推荐，先进事迹在小区宣传展示。",
    method: "material",
    points: 2,
    evidence: ["plan", "record", "photo", "report"],
  },
  {
    project: "文明风尚",
    content: "文明家庭和文明楼院评选",
    standard: "开展文明家庭、最美家庭、文明楼院评选，有评选方案，评选结果公示。",
    method: "material",
    points: 2,
    evidence: ["plan", "record", "photo"],
  },
  {
    project: "文明风尚",
    content: "我们的节日",
    standard:
      "围绕春节、元宵、清明、端午、中秋、重阳等传统节日开展主题活动，倡导移风易俗，有方案、图片和总结。",
    method: "material",
    points: 2,
    evidence: ["plan", "photo", "summary"],
  },

  // 公共环境 — 14 points
  {
    project: "公共环境",
    content: "小区环境卫生",
    standard: "小区道路、绿地和公共场所干净整洁，无乱涂乱贴、乱堆乱放、乱扔垃圾、乱晾乱晒，无卫生死角。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "公共环境",
    content: "垃圾分类",
    standard: "小区设置分类垃圾桶（箱）和集中投放点，分类标识清晰规范，桶体完好；垃圾日产日清，有分类宣传。",
    method: "field",
    points: 4,
    evidence: ["photo"],
  },
  {
    project: "公共环境",
    content: "楼道环境",
    standard: "楼道干净整洁、畅通无阻，无堆放杂物，无小广告（牛皮癣），墙面和扶手整洁。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "公共环境",
    content: "违建和毁绿",
    standard: "小区无私搭乱建，无毁绿种菜、占绿堆物，无饲养鸡鸭鹅等家禽。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "公共环境",
    content: "病媒生物防制",
    standard: "定期开展灭鼠、灭蟑、灭蚊蝇活动，有投药和检查记录，外环境无明显病媒孳生地。",
    method: "material",
    points: 1,
    evidence: ["record", "photo"],
  },

  // 公共秩序 — 10 points
  {
    project: "公共秩序",
    content: "消防通道",
    standard: "消防通道畅通，无车辆和杂物占堵，标识清晰；消防设施完好有效。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "公共秩序",
    content: "电动车充电",
    standard: "无私拉电线（飞线充电）为电动车充电，电动车不进楼道、不入户充电；设有集中充电设施。",
    method: "field",
    points: 3,
    evidence: ["photo"],
  },
  {
    project: "公共秩序",
    content: "车辆停放",
    standard: "非机动车在划定区域有序停放；机动车停放规范，不占用绿地、人行道和消防通道。",
    method: "field",
    points: 2,
    evidence: ["photo"],
  },
  {
    project: "公共秩序",
    content: "文明养犬",
    standard: "倡导文明养犬，犬只出户拴绳、及时清理粪便；有文明养犬宣传和劝导记录。",
    method: "field",
    points: 2,
    evidence: ["photo", "record"],
  },

  // 未成年人思想道德建设 — 5 points
  {
    project: "未成年人思想道德建设",
    content: "未成年人活动",
    standard: "利用寒暑假和节假日组织未成年人开展道德实践、志愿服务、文明劝导等活动，有方案、图片和总结。",
    method: "material",
    points: 3,
    evidence: ["plan", "photo", "summary"],
  },
  {
    project: "未成年人思想道德建设",
    content: "未成年人活动场所",
    standard: "社区有未成年人活动场所（如儿童之家、四点半课堂），有专人管理，开放时间公示，有活动记录。",
    method: "field",
    points: 2,
    evidence: ["photo", "record"],
  },

  // 公共文化 — 5 points
  {
    project: "公共文化",
    content: "综合文化服务中心",
    standard: "社区综合文化服务中心正常开放，全年开展文化活动不少于5次，每次有文字和图片资料。",
    method: "material",
    points: 3,
    evidence: ["record", "photo", "summary"],
  },
  {
    project: "公共文化",
    content: "群众文体活动",
    standard: "有居民文体团队，常态开展广场舞、合唱、健身等群众性文体活动，有活动记录和图片。",
    method: "material",
    points: 2,
    evidence: ["record", "photo"],
  },

  // 问卷调查 — 11 points
  {
    project: "问卷调查",
    content: "创城知晓率",
    standard:
      "随机入户或拦访问卷，居民知道本市正在创建全国文明城市及其主要内容；社区有入户宣传记录和宣传资料发放台账。",
    method: "survey",
    points: 4,
    evidence: ["record", "ledger"],
  },
  {
    project: "问卷调查",
    content: "创城支持率",
    standard: "问卷中居民支持并愿意参与创建工作；社区有居民参与创建活动的记录。",
    method: "survey",
    points: 3,
    evidence: ["record"],
  },
  {
    project: "问卷调查",
    content: "居民满意度",
    standard: "问卷中居民对社区环境、服务和创建成效表示满意；社区有征求居民意见和回应整改的记录。",
    method: "survey",
    points: 4,
    evidence: ["record", "summary"],
  },
];
