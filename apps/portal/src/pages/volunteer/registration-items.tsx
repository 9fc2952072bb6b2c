import Checkbox from "antd-mobile/es/components/checkbox";
import Form from "antd-mobile/es/components/form";
import type { IdNumberCheck } from "../../lib/id-number-check";
import { birthDateText } from "@chuangcheng/client";

const mustTick = (message: string) => ({
  validator: (_: unknown, value: boolean | undefined) =>
    value ? Promise.resolve() : Promise.reject(new Error(message)),
});

/** 性别 and 出生日期 as read from a valid 身份证号: shown, never typed. */
export function DerivedPersonItems({ check }: { check: IdNumberCheck }) {
  if (check.state !== "valid") return null;
  const { gender, birthDate } = check.info;
  return (
    <>
      <Form.Item label="性别" className="derived-item">
        <span className="derived-value" data-testid="volunteer-gender">
          {gender === "male" ? "男" : "女"}
        </span>
      </Form.Item>
      <Form.Item label="出生日期" className="derived-item">
        <span className="derived-value" data-testid="volunteer-birth-date">
          {birthDateText(birthDate)}
        </span>
      </Form.Item>
    </>
  );
}

/** 14–17 need their guardian's consent (guardianConsent); under 14 see UnderFourteenNotice instead. */
export function GuardianItem({ check }: { check: IdNumberCheck }) {
  if (check.state !== "valid" || check.rule !== "guardian") return null;
  return (
    <Form.Item
      name="guardianConsent"
      valuePropName="checked"
      className="consent-item"
      data-testid="volunteer-guardian-consent"
      rules={[mustTick("未满18周岁，需勾选监护人同意")]}
      description="未满18周岁的志愿者，需经监护人同意后注册。"
    >
      <Checkbox>我的监护人已知悉并同意我注册成为志愿者</Checkbox>
    </Form.Item>
  );
}

/** Beside the disabled submit button: why it is disabled, and where to go instead. */
export function UnderFourteenNotice() {
  return (
    <div role="alert" className="notice notice-warning" data-testid="volunteer-under-14">
      未满14周岁不能在线注册志愿者。请由监护人陪同，携带户口簿到所在社区办公室登记。
    </div>
  );
}

/** What the sensitive data is for and how long it is kept; ticking it (dataConsent) is required. */
export function DataConsentItems() {
  return (
    <>
      <Form.Item className="consent-text-item">
        <div className="consent-text" data-testid="volunteer-data-consent-text">
          <p>
            <strong>用途：</strong>
            您的身份证号、手机号仅用于志愿服务登记、服务时长记录和社区文明创建测评统计，不作他用。
          </p>
          <p>
            <strong>保护：</strong>身份证号加密保存，页面和名册上只显示部分号码（如 110105********002X）。
          </p>
          <p>
            <strong>保存期限：</strong>
            保存至您注销志愿者为止；注销后您的个人信息即被删除，服务时长匿名保留用于统计。
          </p>
        </div>
      </Form.Item>
      <Form.Item
        name="dataConsent"
        valuePropName="checked"
        className="consent-item"
        data-testid="volunteer-data-consent"
        rules={[mustTick("请阅读并同意个人信息使用说明")]}
      >
        <Checkbox>我已阅读并同意以上个人信息使用说明</Checkbox>
      </Form.Item>
    </>
  );
}
