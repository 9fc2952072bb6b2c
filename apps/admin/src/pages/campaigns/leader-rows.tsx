import { Button, Form, Input, Select, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { LEADER_ROLE_LABELS, LEADER_ROLES, type LeaderRole } from "@chuangcheng/domain/rules";
import type { Leader } from "./campaign-types";

// The 领导小组 as rows of a form (组内职务, 姓名, 职务): on the new campaign's form and in the 领导小组
// card. Whether a 组长 is among them is the server's rule (领导小组须有一名组长), shown under the rows.

export interface LeaderRow {
  role?: LeaderRole;
  userId?: number | null;
  name?: string;
  title?: string;
}

const roleOptions = LEADER_ROLES.map((r) => ({ value: r, label: LEADER_ROLE_LABELS[r] }));

export const leaderRowsOf = (leaders: readonly Leader[]): LeaderRow[] =>
  leaders.map((l) => ({ role: l.role, userId: l.userId, name: l.name, title: l.title ?? "" }));

/** The rows as the server takes them (rows left wholly empty are dropped). */
export function leadersInput(rows: readonly LeaderRow[] | undefined) {
  return (rows ?? [])
    .filter((r) => r.role || r.name?.trim() || r.title?.trim())
    .map((r) => ({
      role: r.role ?? "member",
      userId: r.userId ?? null,
      name: r.name?.trim() ?? "",
      title: r.title?.trim() || null,
    }));
}

export function LeaderRows({ name = "leaders" }: { name?: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="leader-rows">
          {fields.length > 0 && (
            <div className="leader-row" aria-hidden>
              <Typography.Text type="secondary">组内职务</Typography.Text>
              <Typography.Text type="secondary">姓名</Typography.Text>
              <Typography.Text type="secondary">职务</Typography.Text>
              <span />
            </div>
          )}
          {fields.map((field, i) => (
            <div key={field.key} className="leader-row">
              <Form.Item name={[field.name, "role"]} rules={[{ required: true, message: "请选择组内职务" }]}>
                <Select aria-label={`第${i + 1}人 组内职务`} options={roleOptions} placeholder="组内职务" />
              </Form.Item>
              <Form.Item
                name={[field.name, "name"]}
                rules={[
                  { required: true, whitespace: true, message: "请填写姓名" },
                  { max: 20, message: "姓名最多20个字" },
                ]}
              >
                <Input aria-label={`第${i + 1}人 姓名`} maxLength={20} placeholder="姓名" />
              </Form.Item>
              <Form.Item name={[field.name, "title"]} rules={[{ max: 30, message: "职务最多30个字" }]}>
                <Input aria-label={`第${i + 1}人 职务`} maxLength={30} placeholder="如 街道党工委书记" />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined aria-hidden />}
                aria-label={`删除第${i + 1}人`}
                onClick={() => remove(field.name)}
              />
            </div>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => add({ role: fields.length === 0 ? "leader" : "member", name: "", title: "" })}
          >
            添加成员
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}
