import { ROLE_LABELS, type Role } from "@chuangcheng/domain/rules";

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "org.create": "新增单位",
  "org.update": "修改单位",
  "org.move": "移动单位",
  "org.remove": "删除单位",
  "role.grant": "授予角色",
  "role.revoke": "撤销角色",
  "user.create": "新建工作人员",
  "volunteer.approve": "通过志愿者注册",
  "volunteer.reject": "驳回志愿者注册",
  "volunteer.withdraw": "志愿者注销",
  "volunteer.import": "导入志愿者",
  "volunteer.reveal_id": "查看完整身份证号",
  "volunteer.set_target": "设置注册率目标",
  "team.create": "新建志愿服务队",
  "team.update": "修改志愿服务队",
  "team.add_member": "服务队添加队员",
  "team.remove_member": "服务队移出队员",
  "activity.create": "发布活动",
  "activity.update": "修改活动",
  "activity.cancel": "取消活动",
  "activity.confirm_hours": "确认志愿时长",
  "activity.adjust_hours": "调整志愿时长",
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export const ROLE_COLORS: Record<Role, string> = {
  resident: "default",
  grid_worker: "green",
  community_admin: "blue",
  street_admin: "purple",
  system_admin: "red",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** "社区管理员 @ 东街社区"; a system admin holds no unit. */
export function grantLabel(grant: { role: Role; unitId: number | null; unitName: string }): string {
  return grant.unitId === null ? ROLE_LABELS[grant.role] : `${ROLE_LABELS[grant.role]} @ ${grant.unitName}`;
}
