import { useMemo } from "react";
import { App, AutoComplete, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  type ActivityKind,
  type Skill,
} from "@chuangcheng/domain/rules";
import { isoToPicker, pickerToIso } from "@chuangcheng/client";
import { descendantsOf, useCommunities } from "../../lib/communities";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type ActivityDetail } from "../../lib/trpc";
import { skillOptions } from "../../lib/volunteer-labels";

interface Values {
  communityId?: number;
  kind?: ActivityKind;
  title: string;
  teamId?: number | null;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  place?: string;
  capacity?: number;
  skills?: Skill[];
  description?: string;
}

const kindOptions = ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }));
const TIME_FORMAT = "YYYY-MM-DD HH:mm";

/** 发布活动 (activity.create) and 编辑活动 (activity.update). Times are picked in Beijing time. */
export function ActivityFormModal(props: {
  activity: ActivityDetail | null;
  onClose: () => void;
  onCreated?: (id: number) => void;
}) {
  const { activity, onClose, onCreated } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { units, managedOptions } = useCommunities();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch("communityId", form);
  const communityId = activity?.communityId ?? chosen;

  const teams = useQuery({
    ...trpc.volunteer.teams.list.queryOptions({ communityId: communityId ?? 0 }),
    enabled: communityId !== undefined,
  });
  const courtyards = useMemo(
    () => (communityId ? descendantsOf(units, communityId, "courtyard") : []),
    [units, communityId],
  );

  const done = async (text: string) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
    void message.success(text);
    onClose();
  };
  const onError = (error: unknown) =>
    showError(error, { form, fieldMap: { placeUnitId: "place", placeText: "place" } });
  const create = useMutation(
    trpc.activity.create.mutationOptions({
      onSuccess: async (res, input) => {
        await done(`已发布“${input.title}”`);
        onCreated?.(res.id);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.activity.update.mutationOptions({ onSuccess: () => done("已保存"), onError }),
  );

  const submit = (v: Values) => {
    if (!v.kind || !v.startsAt || !v.endsAt || v.capacity === undefined) return;
    // A 楼院 of the 社区 picked from the list is sent as the unit; anything else is free text.
    const place = v.place?.trim() ?? "";
    const unit = courtyards.find((c) => c.name === place);
    const fields = {
      kind: v.kind,
      title: v.title.trim(),
      teamId: v.teamId ?? null,
      startsAt: pickerToIso(v.startsAt),
      endsAt: pickerToIso(v.endsAt),
      placeUnitId: unit ? unit.id : null,
      placeText: unit ? null : place || null,
      capacity: v.capacity,
      skills: v.skills ?? [],
      description: v.description?.trim() || null,
    };
    if (activity) update.mutate({ id: activity.id, ...fields });
    else if (v.communityId) create.mutate({ communityId: v.communityId, ...fields });
  };

  const initialValues: Partial<Values> = activity
    ? {
        kind: activity.kind,
        title: activity.title,
        teamId: activity.teamId,
        startsAt: isoToPicker(activity.startsAt),
        endsAt: isoToPicker(activity.endsAt),
        place: activity.place,
        capacity: activity.capacity,
        skills: activity.skills,
        description: activity.description ?? "",
      }
    : {
        communityId: managedOptions.length === 1 ? managedOptions[0]!.value : undefined,
        kind: "volunteer_service",
        skills: [],
      };

  return (
    <Modal
      title={activity ? "编辑活动" : "发布活动"}
      open
      width={640}
      okText={activity ? "保存" : "发布"}
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="activityForm"
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          if ("communityId" in changed) form.setFieldsValue({ teamId: null, place: "" });
        }}
      >
        {!activity && (
          <Form.Item label="社区" name="communityId" rules={[{ required: true, message: "请选择社区" }]}>
            <Select
              placeholder="请选择社区"
              options={managedOptions}
              showSearch={{ optionFilterProp: "label" }}
            />
          </Form.Item>
        )}
        <Form.Item
          label="名称"
          name="title"
          rules={[
            { required: true, whitespace: true, message: "请输入活动名称" },
            { min: 2, message: "活动名称至少2个字" },
            { max: 50, message: "活动名称最多50个字" },
          ]}
        >
          <Input maxLength={50} placeholder="例如：清理楼道小广告" />
        </Form.Item>
        <div className="form-row">
          <Form.Item label="类型" name="kind" rules={[{ required: true, message: "请选择活动类型" }]}>
            <Select options={kindOptions} />
          </Form.Item>
          <Form.Item label="志愿服务队" name="teamId">
            <Select
              allowClear
              placeholder={communityId ? "不指定（可不选）" : "先选择社区"}
              disabled={!communityId}
              options={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              notFoundContent="本社区还没有服务队"
            />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item label="开始时间" name="startsAt" rules={[{ required: true, message: "请选择开始时间" }]}>
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format={TIME_FORMAT}
              needConfirm={false}
              style={{ width: "100%" }}
            />
          </Form.Item>
          <Form.Item label="结束时间" name="endsAt" rules={[{ required: true, message: "请选择结束时间" }]}>
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format={TIME_FORMAT}
              needConfirm={false}
              style={{ width: "100%" }}
            />
          </Form.Item>
        </div>
        <Form.Item
          label="地点"
          name="place"
          extra="可从本社区楼院中选择，也可直接填写地点"
          rules={[
            { required: true, whitespace: true, message: "请填写活动地点" },
            { max: 100, message: "地点最多100个字" },
          ]}
        >
          <AutoComplete
            options={courtyards.map((c) => ({ value: c.name }))}
            showSearch={{
              filterOption: (input, option) => String(option?.value ?? "").includes(input.trim()),
            }}
            placeholder="楼院名称或其他地点"
            maxLength={100}
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item label="名额" name="capacity" rules={[{ required: true, message: "请输入名额" }]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: "100%" }} suffix="人" />
          </Form.Item>
          <Form.Item label="所需技能" name="skills">
            <Select mode="multiple" allowClear placeholder="不限" options={skillOptions} />
          </Form.Item>
        </div>
        <Form.Item label="说明" name="description" rules={[{ max: 2000, message: "活动说明最多2000字" }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="活动内容、集合要求、注意事项等" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
