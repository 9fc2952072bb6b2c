import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";

/** 新密码 and 确认密码, for a form whose values hold `newPassword` and `confirm`. */
export function NewPasswordFields() {
  return (
    <>
      <Form.Item
        label="新密码"
        name="newPassword"
        validateTrigger="onBlur"
        rules={[
          { required: true, message: "请输入新密码" },
          { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}位` },
          { max: PASSWORD_MAX_LENGTH, message: `密码最多${PASSWORD_MAX_LENGTH}位` },
        ]}
      >
        <Input type="password" autoComplete="new-password" placeholder={`至少${PASSWORD_MIN_LENGTH}位`} />
      </Form.Item>
      <Form.Item
        label="确认密码"
        name="confirm"
        dependencies={["newPassword"]}
        validateTrigger="onBlur"
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: (_: unknown, value: string | undefined) =>
              !value || value === getFieldValue("newPassword")
                ? Promise.resolve()
                : Promise.reject(new Error("两次输入的新密码不一致")),
          }),
        ]}
      >
        <Input type="password" autoComplete="new-password" placeholder="再输入一次" />
      </Form.Item>
    </>
  );
}
