import { Form, Input } from "antd";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";

/**
 * 新密码 and 确认新密码 (修改密码, the forced change of a temporary password, the SMS reset), for a
 * form whose values hold `newPassword` and `confirm`. Checked as typed (antd's default), so a message
 * has gone before the button is clicked.
 */
export function NewPasswordFields() {
  return (
    <>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra={`${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位，不能使用手机号或常见密码`}
        rules={[
          { required: true, message: "请输入新密码" },
          { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}位` },
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue("newPassword")
                ? Promise.resolve()
                : Promise.reject(new Error("两次输入的新密码不一致")),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
