// The audit vocabulary: every action recordAudit may write, with the label the console shows for it.
// Pure: safe in a browser (see ../rules.ts). recordAudit takes only an AuditAction, so a new action
// does not compile until it has its label here. Actions are never renamed or removed: old rows keep them.

export const AUDIT_ACTION_LABELS = {
  "org.create": "新增单位",
  "org.update": "修改单位",
  "org.move": "移动单位",
  "org.remove": "删除单位",
  "role.grant": "授予角色",
  "role.revoke": "撤销角色",
  "user.create": "新建工作人员",
  "auth.delete_account": "注销账号",
  "user.reset_password": "重置密码",
  "auth.reset_password_sms": "短信验证码重置密码",
  "volunteer.approve": "通过志愿者注册",
  "volunteer.reject": "驳回志愿者注册",
  "volunteer.withdraw": "志愿者注销",
  "volunteer.import": "导入志愿者",
  "volunteer.import_update": "导入更新志愿者资料",
  "volunteer.reveal_id": "查看完整身份证号",
  "volunteer.set_target": "设置注册率目标",
  "team.create": "新建志愿服务队",
  "team.update": "修改志愿服务队",
  "team.add_member": "服务队添加队员",
  "team.remove_member": "服务队移出队员",
  "team.archive": "归档志愿服务队",
  "team.restore": "恢复志愿服务队",
  "team.delete": "删除志愿服务队",
  "volunteer.claim": "认领社区登记的志愿者信息",
  "activity.create": "发布活动",
  "activity.update": "修改活动",
  "activity.cancel": "取消活动",
  "activity.confirm_hours": "确认志愿时长",
  "activity.adjust_hours": "调整志愿时长",
  "problem.create": "登记问题",
  "problem.dispatch": "派遣问题",
  "problem.reassign": "改派问题",
  "problem.reject": "问题不予受理",
  "problem.submit": "上报整改结果",
  "problem.close": "复查通过（办结）",
  "problem.return": "退回整改",
  "problem.publish": "公开展示问题",
  "problem.unpublish": "取消公开展示问题",
  "problem.set_category": "设置问题类别",
  "problem.export": "导出整改台账",
  "board.propose": "提名黑白榜",
  "board.submit": "提交黑白榜审核",
  "board.update": "修改黑白榜条目",
  "board.approve": "通过黑白榜审核",
  "board.reject": "驳回黑白榜条目",
  "board.withdraw": "黑白榜撤榜",
  "board.rectify": "黑榜标记已整改",
  "board.confirm_photos": "确认黑榜照片已打码",
  "board.mosaic_photo": "黑榜照片打码",
  "board.record_consent": "记录白榜实名同意",
  "board.decide_appeal": "处理黑榜申诉",
  "board.publish_edition": "发布红黑榜",
  "board.set_settings": "设置黑白榜",
  "board.set_category": "修改榜单类别",
  "board.erase": "黑榜到期删除个人信息",
  "campaign.create": "创建创城活动",
  "campaign.update": "修改创城活动",
  "campaign.stage": "推进创城阶段",
  "campaign.leaders": "设置领导小组",
  "campaign.item_add": "新增测评项目",
  "campaign.item_update": "修改测评项目",
  "campaign.item_move": "调整测评项目顺序",
  "campaign.item_remove": "删除测评项目",
  "campaign.item_archive": "归档测评项目",
  "campaign.item_assign": "指定测评项目责任人",
  "campaign.evidence_add": "上传创城佐证材料",
  "campaign.evidence_remove": "删除创城佐证材料",
  "campaign.documents_add": "上传创城活动文件",
  "campaign.document_remove": "删除创城活动文件",
  "campaign.link_confirm": "确认佐证记录",
  "campaign.link_remove": "移除佐证记录",
  "campaign.ledger_download": "下载创城台账",
  "campaign.assess": "新建模拟测评",
  "campaign.assessment_remove": "删除模拟测评",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

/** Every audit action, in the order the console lists them. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];

/**
 * What an audit row is about (its target_type), with the word the 操作日志 puts before its name:
 * 志愿者 王小红, 活动 重阳敬老. A sign-up names both its volunteer and its activity.
 */
export const AUDIT_TARGET_LABELS = {
  volunteer: "志愿者",
  activity: "活动",
  activity_signup: "报名",
  team: "服务队",
  org_unit: "单位",
  user: "用户",
  problem: "问题",
  board_entry: "黑白榜",
  board_edition: "红黑榜期次",
  campaign: "创城活动",
  campaign_item: "测评项目",
} as const satisfies Record<string, string>;

export type AuditTargetType = keyof typeof AUDIT_TARGET_LABELS;

export const AUDIT_TARGET_TYPES = Object.keys(AUDIT_TARGET_LABELS) as [AuditTargetType, ...AuditTargetType[]];
