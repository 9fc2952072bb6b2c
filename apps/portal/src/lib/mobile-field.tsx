import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { mobileProblem } from "@chuangcheng/client";
import { useValidateAsTypedAfterError } from "./validate-as-typed";

interface MobileFieldProps {
  placeholder?: string;
  /** "username" where the number logs in (login, register, reset), "tel" where it is a contact. */
  autoComplete?: "username" | "tel";
}

/** 手机号 (the form value `mobile`): checked when left, and as typed once a message has shown. */
export function MobileField({ placeholder = "11位手机号", autoComplete = "username" }: MobileFieldProps) {
  const { validateTrigger, check } = useValidateAsTypedAfterError();
  return (
    <Form.Item
      label="手机号"
      name="mobile"
      validateTrigger={validateTrigger}
      rules={[{ validator: (_, value: string | undefined) => check(mobileProblem(value)) }]}
    >
      <Input
        type="tel"
        inputMode="numeric"
        autoComplete={autoComplete}
        maxLength={11}
        placeholder={placeholder}
        clearable
      />
    </Form.Item>
  );
}
