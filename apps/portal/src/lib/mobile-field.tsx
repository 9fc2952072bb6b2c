import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { mobileRules } from "@chuangcheng/client";

interface MobileFieldProps {
  placeholder?: string;
  /** "username" where the number logs in (login, register, reset), "tel" where it is a contact. */
  autoComplete?: "username" | "tel";
}

/** 手机号 (the form value `mobile`), checked when the field is left. */
export function MobileField({ placeholder = "11位手机号", autoComplete = "username" }: MobileFieldProps) {
  return (
    <Form.Item label="手机号" name="mobile" validateTrigger="onBlur" rules={mobileRules}>
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
