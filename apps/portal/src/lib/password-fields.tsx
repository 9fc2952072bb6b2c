import { useState } from "react";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";

interface PasswordFieldsProps {
  /** "新密码" where a password is changed or reset, "密码" where an account is opened */
  label?: "新密码" | "密码";
  /** The form values' names of the two fields. */
  name?: string;
  confirmName?: string;
}

/** What is wrong with a password being set, before the server's own rules (common ones, the mobile). */
export function passwordProblem(label: string, value: string | undefined): string | null {
  if (!value) return `请输入${label}`;
  if (value.length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (value.length > PASSWORD_MAX_LENGTH) return `密码最多${PASSWORD_MAX_LENGTH}位`;
  return null;
}

/**
 * A password being set and its repetition: 注册, 修改密码, the forced change of a temporary password
 * and the SMS reset.
 *
 * The fields are checked when they are left. Once a message has shown, they are checked as they are
 * typed too, so that the message goes as soon as the password is right: otherwise it went only on the
 * tap on the button below, whose blur removed it, moved the button up from under the finger and lost
 * the tap.
 */
export function PasswordFields({
  label = "新密码",
  name = "newPassword",
  confirmName = "confirm",
}: PasswordFieldsProps) {
  const [eager, setEager] = useState(false);
  const validateTrigger = eager ? ["onChange", "onBlur"] : "onBlur";
  const check = (problem: string | null) => {
    if (problem === null) return Promise.resolve();
    setEager(true);
    return Promise.reject(new Error(problem));
  };

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
