import { App, Form, Input, InputNumber, Modal, Radio, Select, Switch } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  DUTY_CADENCE_LABELS,
  DUTY_CADENCES,
  DUTY_DONE_BY,
  DUTY_DONE_BY_LABELS,
  DUTY_REMIND_DAYS_MAX,
  DUTY_TIMES_MAX,
  DUTY_TITLE_MAX,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  type DutyCadence,
  type DutyDoneBy,
  type EvidenceKind,
} from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { DutyRule } from "./calendar-types";
import { useCommunityStaff } from "../../lib/community-staff";

// 新增 or 编辑 one rule of a 社区's calendar of recurring duties: what it is, how often, how many times
// a period, what counts as done (an activity of a kind, a 红黑榜 edition, evidence of a kind filed
// under a checklist item, or a manual tick with photos), who answers for it and when they are reminded.

type ActivityKind = (typeof ACTIVITY_KINDS)[number];
const EVIDENCE_ITEM_MAX = 60;

interface Values {
  title: string;
  cadence: DutyCadence;
  times: number | null;
  doneBy: DutyDoneBy;
  activityKind?: ActivityKind;
  evidenceKind?: EvidenceKind;
  evidenceItem?: string;
  responsibleUserId?: number;
  remindDays: number | null;
  forResidents: boolean;
}

function valuesOf(rule: DutyRule | null): Values {
  if (!rule) {
    return {
      title: "",
      cadence: "month",
      times: 1,
      doneBy: "manual",
      activityKind: "volunteer_service",
      evidenceKind: "photo",
      remindDays: 7,
      forResidents: false,
    };
  }
  return {
    title: rule.title,
    cadence: rule.cadence,
    times: rule.times,
    doneBy: rule.doneBy,
    activityKind: rule.activityKind ?? "volunteer_service",
    evidenceKind: rule.evidenceKind ?? "photo",
    evidenceItem: rule.evidenceItem ?? undefined,
    responsibleUserId: rule.responsible?.id,
    remindDays: rule.remindDays,
    forResidents: rule.forResidents,
  };
}

export function DutyModal(props: {
  communityId: number;
  communityName: string;
  /** null: a new rule */
  rule: DutyRule | null;
  onClose: () => void;
}) {
  const { communityId, communityName, rule, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const doneBy = Form.useWatch("doneBy", form) ?? rule?.doneBy ?? "manual";
  const staff = useCommunityStaff(communityId);

  const done = async (text: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.campaign.calendar.pathKey() });
    void message.success(text);
    onClose();
  };
  const onError = (error: unknown) => showError(error, { form });
  const add = useMutation(
    trpc.campaign.addDuty.mutationOptions({ onSuccess: () => done("已新增"), onError }),
  );
  const update = useMutation(
    trpc.campaign.updateDuty.mutationOptions({ onSuccess: () => done("已保存"), onError }),
  );

  const submit = (v: Values) => {
    if (v.times === null || v.remindDays === null) return;
    const fields = {
      title: v.title.trim(),
      cadence: v.cadence,
      times: v.times,
      doneBy: v.doneBy,
      activityKind: v.doneBy === "activity" ? (v.activityKind ?? null) : null,
      evidenceKind: v.doneBy === "evidence" ? (v.evidenceKind ?? null) : null,
      evidenceItem: v.doneBy === "evidence" ? v.evidenceItem?.trim() || null : null,
      responsibleUserId: v.responsibleUserId ?? null,
      remindDays: v.remindDays,
      forResidents: v.forResidents,
    };
    if (rule) update.mutate({ id: rule.id, version: rule.version, ...fields });
    else add.mutate({ communityId, ...fields });
  };

  // The current 责任人 stays choosable even when the search does not list them.
  const staffOptions =
    rule?.responsible && !staff.options.some((o) => o.value === rule.responsible!.id)
      ? [{ value: rule.responsible.id, label: rule.responsible.name }, ...staff.options]
      : staff.options;

  return (
    <Modal
      title={rule ? `编辑常态工作：${rule.title}` : `新增常态工作（${communityName}）`}
      open
      width={620}
      okText="保存"
      cancelText="取消"
      confirmLoading={add.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="dutyRule"
        layout="vertical"
        initialValues={valuesOf(rule)}
        onFinish={submit}
      >
        <Form.Item
          label="工作名称"
          name="title"
          rules={[
            { required: true, whitespace: true, message: "请填写工作名称" },
            { max: DUTY_TITLE_MAX, message: `工作名称最多${DUTY_TITLE_MAX}个字` },
          ]}
        >
          <Input maxLength={DUTY_TITLE_MAX} placeholder="如 入户走访、环境卫生大扫除" />
        </Form.Item>
        <div className="form-row">
          <Form.Item label="周期" name="cadence" rules={[{ required: true, message: "请选择周期" }]}>
            <Radio.Group
              optionType="button"
              options={DUTY_CADENCES.map((c) => ({ value: c, label: DUTY_CADENCE_LABELS[c] }))}
            />
          </Form.Item>
          <Form.Item label="每期次数" name="times" rules={[{ required: true, message: "请填写每期次数" }]}>
            <InputNumber min={1} max={DUTY_TIMES_MAX} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        </div>
        <Form.Item label="完成方式" name="doneBy" rules={[{ required: true, message: "请选择完成方式" }]}>
          <Select<DutyDoneBy>
            options={DUTY_DONE_BY.map((d) => ({ value: d, label: DUTY_DONE_BY_LABELS[d] }))}
          />
        </Form.Item>
        {doneBy === "activity" && (
          <Form.Item
            label="活动类型"
            name="activityKind"
            extra="本社区已发布的该类活动，按举办日期自动计入"
            rules={[{ required: true, message: "请选择计入的活动类型" }]}
          >
            <Select<ActivityKind>
              options={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }))}
            />
          </Form.Item>
        )}
        {doneBy === "edition" && <p className="duty-hint">本社区每发布一期红黑榜，自动计入当月。</p>}
        {doneBy === "evidence" && (
          <div className="form-row">
            <Form.Item
              label="材料类型"
              name="evidenceKind"
              rules={[{ required: true, message: "请选择计入的材料类型" }]}
            >
              <Select<EvidenceKind>
                options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))}
              />
            </Form.Item>
            <Form.Item
              label="测评内容"
              name="evidenceItem"
              extra="创城活动测评清单中的测评内容，该项下上传的材料按日期计入"
              rules={[
                { required: true, whitespace: true, message: "请填写材料所在的测评内容" },
                { max: EVIDENCE_ITEM_MAX, message: `测评内容最多${EVIDENCE_ITEM_MAX}个字` },
              ]}
            >
              <Input maxLength={EVIDENCE_ITEM_MAX} placeholder="如 宣传栏设置" />
            </Form.Item>
          </div>
        )}
        {doneBy === "manual" && <p className="duty-hint">责任人或社区管理员完成后打卡，并上传现场照片。</p>}
        <Form.Item
          label="责任人"
          name="responsibleUserId"
          extra="本社区的网格员或社区管理员；不指定时由社区管理员负责并接收提醒"
        >
          <Select<number>
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={staff.loading}
            placeholder="选择本社区工作人员"
            options={staffOptions}
            notFoundContent={staff.loading ? "加载中…" : "本社区还没有工作人员账号"}
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            label="提前提醒天数"
            name="remindDays"
            extra="每期结束前这么多天仍未完成，提醒责任人一次"
            rules={[{ required: true, message: "请填写提前提醒天数" }]}
          >
            <InputNumber min={0} max={DUTY_REMIND_DAYS_MAX} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item
            label="向居民公布"
            name="forResidents"
            valuePropName="checked"
            extra="在居民端“本月安排”中显示"
          >
            <Switch />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
