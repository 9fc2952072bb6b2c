import type { ReactNode } from "react";
import { App, AutoComplete, Checkbox, Form, Input, InputNumber, Modal, Select } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  ACTIVITY_KIND_LABELS,
  ASSESS_METHOD_LABELS,
  ASSESS_METHODS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  type AssessMethod,
  type EvidenceKind,
  type Measure,
  type MeasureKind,
} from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { ChecklistItem } from "./campaign-types";

// 编辑 or 新增 one indicator of a 社区's checklist: 测评项目 > 测评内容 > 测评标准, its method, points,
// the evidence it needs and, optionally, the target the system measures (with its number).

type ActivityKind = Extract<Measure, { kind: "activities_per_month" }>["activityKind"];

interface Values {
  project: string;
  content: string;
  standard: string;
  method?: AssessMethod;
  points?: number;
  evidence: EvidenceKind[];
  measureKind: MeasureKind | "none";
  activityKind?: ActivityKind;
  perMonth?: number;
  sharePercent?: number;
  evidenceKind?: EvidenceKind;
}

const MEASURE_OPTIONS: Array<{ value: MeasureKind | "none"; label: string }> = [
  { value: "none", label: "无（不自动测量）" },
  { value: "activities_per_month", label: "每月活动次数" },
  { value: "volunteer_share", label: "注册志愿者比例达社区目标" },
  { value: "board_monthly", label: "每月发布红黑榜" },
  { value: "problems_on_time", label: "问题按期办结率" },
  { value: "evidence_per_quarter", label: "每季度有某类材料" },
];
const ACTIVITY_KINDS: ActivityKind[] = ["moral_lecture", "volunteer_service", "culture_sports", "publicity"];

function measureOf(v: Values): Measure | null {
  switch (v.measureKind) {
    case "none":
      return null;
    case "volunteer_share":
    case "board_monthly":
      return { kind: v.measureKind };
    case "activities_per_month":
      return { kind: v.measureKind, activityKind: v.activityKind!, perMonth: v.perMonth! };
    case "problems_on_time":
      return { kind: v.measureKind, share: (v.sharePercent ?? 0) / 100 };
    case "evidence_per_quarter":
      return { kind: v.measureKind, evidenceKind: v.evidenceKind! };
  }
}

function valuesOf(item: ChecklistItem | null, project: string | undefined): Partial<Values> {
  // A new item's measure starts from the common targets (道德讲堂 twice a month, 90%, photos).
  if (!item) {
    return {
      project: project ?? "",
      evidence: [],
      measureKind: "none",
      method: "material",
      points: 1,
      activityKind: "moral_lecture",
      perMonth: 2,
      sharePercent: 90,
      evidenceKind: "photo",
    };
  }
  const m = item.measure;
  return {
    project: item.project,
    content: item.content,
    standard: item.standard,
    method: item.method,
    points: item.points,
    evidence: item.evidence,
    measureKind: m?.kind ?? "none",
    activityKind: m?.kind === "activities_per_month" ? m.activityKind : "moral_lecture",
    perMonth: m?.kind === "activities_per_month" ? m.perMonth : 2,
    sharePercent: m?.kind === "problems_on_time" ? Math.round(m.share * 100) : 90,
    evidenceKind: m?.kind === "evidence_per_quarter" ? m.evidenceKind : "photo",
  };
}

// The server names the measure's parts under `measure`; each has a field of its own here.
const FIELD_MAP = {
  measure: "measureKind",
  "measure.kind": "measureKind",
  "measure.activityKind": "activityKind",
  "measure.perMonth": "perMonth",
  "measure.share": "sharePercent",
  "measure.evidenceKind": "evidenceKind",
};

export function ItemModal(props: {
  campaignId: number;
  communityId: number;
  /** null: a new item */
  item: ChecklistItem | null;
  /** the 测评项目 names already in the copy, offered for a new one */
  projects: string[];
  /** a new item's 测评项目, when added from its group */
  project?: string;
  onClose: () => void;
}) {
  const { campaignId, communityId, item, projects, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const measureKind = Form.useWatch("measureKind", form);

  const done = async (text: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.campaign.checklist.pathKey() });
    void message.success(text);
    onClose();
  };
  const onError = (error: unknown) => showError(error, { form, fieldMap: FIELD_MAP });
  const add = useMutation(
    trpc.campaign.addItem.mutationOptions({ onSuccess: () => done("已新增"), onError }),
  );
  const update = useMutation(
    trpc.campaign.updateItem.mutationOptions({ onSuccess: () => done("已保存"), onError }),
  );

  const submit = (v: Values) => {
    if (!v.method || v.points === undefined) return;
    const fields = {
      project: v.project.trim(),
      content: v.content.trim(),
      standard: v.standard.trim(),
      method: v.method,
      points: v.points,
      evidence: v.evidence,
      measure: measureOf(v),
    };
    if (item) update.mutate({ id: item.id, version: item.version, ...fields });
    else add.mutate({ campaignId, communityId, ...fields });
  };

  return (
    <Modal
      title={item ? "编辑测评项" : "新增测评项"}
      open
      width={680}
      okText="保存"
      cancelText="取消"
      confirmLoading={add.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="campaignItem"
        layout="vertical"
        initialValues={valuesOf(item, props.project)}
        onFinish={submit}
      >
        <div className="form-row">
          <Form.Item
            label="测评项目"
            name="project"
            rules={[
              { required: true, whitespace: true, message: "请填写测评项目" },
              { max: 30, message: "测评项目最多30个字" },
            ]}
          >
            <AutoComplete
              options={projects.map((p) => ({ value: p }))}
              showSearch={{ filterOption: (input, o) => String(o?.value ?? "").includes(input.trim()) }}
              placeholder="如 公共环境"
              maxLength={30}
            />
          </Form.Item>
          <Form.Item
            label="测评内容"
            name="content"
            rules={[
              { required: true, whitespace: true, message: "请填写测评内容" },
              { max: 60, message: "测评内容最多60个字" },
            ]}
          >
            <Input maxLength={60} placeholder="如 楼道环境" />
          </Form.Item>
        </div>
        <Form.Item
          label="测评标准"
          name="standard"
          rules={[
            { required: true, whitespace: true, message: "请填写测评标准" },
            { max: 500, message: "测评标准最多500个字" },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder="测评人员检查什么、怎样算达标" />
        </Form.Item>
        <div className="form-row">
          <Form.Item label="测评方式" name="method" rules={[{ required: true, message: "请选择测评方式" }]}>
            <Select options={ASSESS_METHODS.map((m) => ({ value: m, label: ASSESS_METHOD_LABELS[m] }))} />
          </Form.Item>
          <Form.Item label="分值" name="points" rules={[{ required: true, message: "请填写分值" }]}>
            <InputNumber min={0.5} max={100} step={0.5} precision={1} style={{ width: "100%" }} suffix="分" />
          </Form.Item>
        </div>
        <Form.Item
          label="所需材料"
          name="evidence"
          extra="至少选择一种"
          // A validator rather than `required`: antd would put aria-required on the checkbox group,
          // which its role (group) does not allow.
          rules={[
            {
              validator: (_, v?: unknown[]) =>
                v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error("请至少选择一种材料类型")),
            },
          ]}
        >
          <Checkbox.Group
            options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item label="测量指标" name="measureKind" extra="由系统按活动期间的数据自动计算，不需填报">
            <Select options={MEASURE_OPTIONS} />
          </Form.Item>
          {measureKind === "activities_per_month" && (
            <Space2>
              <Form.Item
                label="活动类型"
                name="activityKind"
                rules={[{ required: true, message: "请选择活动类型" }]}
              >
                <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }))} />
              </Form.Item>
              <Form.Item
                label="每月次数"
                name="perMonth"
                rules={[{ required: true, message: "请填写每月次数" }]}
              >
                <InputNumber min={1} max={31} precision={0} style={{ width: "100%" }} suffix="次" />
              </Form.Item>
            </Space2>
          )}
          {measureKind === "problems_on_time" && (
            <Form.Item
              label="按期办结率"
              name="sharePercent"
              rules={[{ required: true, message: "请填写按期办结率" }]}
            >
              <InputNumber min={1} max={100} precision={0} style={{ width: "100%" }} suffix="%" />
            </Form.Item>
          )}
          {measureKind === "evidence_per_quarter" && (
            <Form.Item
              label="材料类型"
              name="evidenceKind"
              rules={[{ required: true, message: "请选择材料类型" }]}
            >
              <Select options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))} />
            </Form.Item>
          )}
        </div>
      </Form>
    </Modal>
  );
}

/** Two fields side by side within one column of a form row. */
function Space2({ children }: { children: ReactNode }) {
  return <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "0 8px" }}>{children}</div>;
}
