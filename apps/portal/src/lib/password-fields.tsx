import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { passwordProblem } from "@chuangcheng/client";
import { PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";
import { useValidateAsTypedAfterError } from "./validate-as-typed";

interface PasswordFieldsProps {
  /** "新密码" where a password is changed or reset, "密码" where an account is opened */
  label?: "新密码" | "密码";
  /** The form values' names of the two fields. */
  name?: string;
  confirmName?: string;
}

/**
 * A password being set and its repetition: 注册, 修改密码, the forced change of a temporary password
 * and the SMS reset. Checked when left, and as typed once a message has shown (validate-as-typed.ts).
 */
export function PasswordFields({
  label = "新密码",
  name = "newPassword",
  confirmName = "confirm",
}: PasswordFieldsProps) {
  const { validateTrigger, check } = useValidateAsTypedAfterError();

  return (
    <>
      <Form.Item
        label={label}
        name={name}
        validateTrigger={validateTrigger}
        rules={[{ validator: (_, value: string | undefined) => check(passwordProblem(label, value)) }]}
      >
        <Input type="password" autoComplete="new-password" placeholder={`至少${PASSWORD_MIN_LENGTH}位`} />
      </Form.Item>
      <Form.Item
        label="确认密码"
        name={confirmName}
        dependencies={[name]}
        validateTrigger={validateTrigger}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_: unknown, value: string | undefined) =>
              check(
                !value
                  ? `请再次输入${label}`
                  : value === getFieldValue(name)
                    ? null
                    : `两次输入的${label}不一致`,
              ),
          }),
        ]}
      >
        <Input type="password" autoComplete="new-password" placeholder="再输入一次" />
      </Form.Item>
    </>
  );
}
