import { DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_KINDS, type CampaignKind } from "@chuangcheng/domain/rules";
import "./campaigns.css";

// The fields a campaign is made and edited with: 活动名称, 创建类型, 开始日期 and 结束日期.

export interface CampaignFieldValues {
  name: string;
  kind?: CampaignKind;
  periodStart?: Dayjs;
  periodEnd?: Dayjs;
}

export const NAME_MAX = 40;
const DATE_FORMAT = "YYYY-MM-DD";
const PICKER = {
  format: DATE_FORMAT,
  style: { width: "100%" },
  placeholder: "年-月-日",
  classNames: { popup: { root: "campaign-date-popup" } },
} as const;
const kindOptions = CAMPAIGN_KINDS.map((k) => ({ value: k, label: CAMPAIGN_KIND_LABELS[k] }));

export const dateOf = (iso: string): Dayjs => dayjs(iso);
export const isoOf = (d: Dayjs): string => d.format(DATE_FORMAT);

/** The values as the server takes them; undefined while a required one is missing. */
export function campaignInput(v: CampaignFieldValues) {
  if (!v.kind || !v.periodStart || !v.periodEnd) return undefined;
  return {
    name: v.name.trim(),
    kind: v.kind,
    periodStart: isoOf(v.periodStart),
    periodEnd: isoOf(v.periodEnd),
  };
}

/**
 * A period ending before it starts is the server's to refuse (结束日期不能早于开始日期, shown beside
 * 结束日期): one rule, in one place.
 */
export function CampaignFields() {
  return (
    <>
      <Form.Item
        label="活动名称"
        name="name"
        rules={[
          { required: true, whitespace: true, message: "请填写活动名称" },
          { max: NAME_MAX, message: `活动名称最多${NAME_MAX}个字` },
        ]}
      >
        <Input maxLength={NAME_MAX} placeholder="例如：2027年创建全国文明城市" />
      </Form.Item>
      <Form.Item label="创建类型" name="kind" rules={[{ required: true, message: "请选择创建类型" }]}>
        <Select placeholder="请选择创建类型" options={kindOptions} />
      </Form.Item>
      <div className="form-row">
        <Form.Item
          label="开始日期"
          name="periodStart"
          rules={[{ required: true, message: "请选择开始日期" }]}
        >
          <DatePicker {...PICKER} />
        </Form.Item>
        <Form.Item label="结束日期" name="periodEnd" rules={[{ required: true, message: "请选择结束日期" }]}>
          <DatePicker {...PICKER} />
        </Form.Item>
      </div>
    </>
  );
}
