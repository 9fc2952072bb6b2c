import { useEffect, useMemo } from "react";
import { useNavigate } from "react-router";
import { App, Button, Card, Empty, Form, Input, Radio, Select, Spin } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  DESCRIPTION_MAX,
  PLACE_MAX,
  PROBLEM_SOURCE_LABELS,
  REFERRAL_ORIGIN_MAX,
  STAFF_SOURCES,
  type ProblemCategory,
} from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { communityOf, patrolCourtyards } from "./patrol-scope";

interface Values {
  courtyardId: number;
  category: ProblemCategory;
  photos: UploadedPhoto[];
  description: string;
  place?: string;
  /** unset (no field) for grid workers */
  source?: (typeof STAFF_SOURCES)[number];
  referralOrigin?: string;
}

/** The 楼院 last filed in on this phone: a grid worker walks one 楼院 at a time. */
const LAST_COURTYARD = "chuangcheng.patrol.courtyard";

/**
 * 新建巡查问题, made for a phone: the 楼院 (from the worker's own 网格, the last one preselected), a
 * category, photos straight from the camera and the description (the category's name until typed),
 * so a patrol problem takes three taps. Admins may also file 督查 and 转办.
 */
export default function PatrolNewPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const manages = can(me.data, "problem.manage");
  const { units, isPending } = useCommunities();
  const courtyards = useMemo(() => patrolCourtyards(units, me.data?.grants ?? []), [units, me.data]);
  const [form] = Form.useForm<Values>();
  const courtyardId = Form.useWatch("courtyardId", form);
  const category = Form.useWatch("category", form);
  const photos = Form.useWatch("photos", form);
  const source = Form.useWatch("source", form);
  const communityId = courtyardId !== undefined ? communityOf(units, courtyardId)?.id : undefined;
  const categories = useQuery({
    ...trpc.problem.categories.queryOptions({ communityId }),
    enabled: communityId !== undefined,
  });

  // The last 楼院, or the only one.
  useEffect(() => {
    if (courtyards.length === 0 || form.getFieldValue("courtyardId") !== undefined) return;
    const last = Number(localStorage.getItem(LAST_COURTYARD));
    const pick =
      courtyards.find((c) => c.id === last) ?? (courtyards.length === 1 ? courtyards[0] : undefined);
    if (pick) form.setFieldValue("courtyardId", pick.id);
  }, [courtyards, form]);

  const create = useMutation(
    trpc.problem.create.mutationOptions({
      onSuccess: ({ id }) => {
        localStorage.setItem(LAST_COURTYARD, String(form.getFieldValue("courtyardId")));
        void message.success(`已上报问题 #${id}`);
        form.resetFields(["category", "photos", "description", "place", "referralOrigin"]);
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  const labelOf = (code: ProblemCategory | undefined) =>
    categories.data?.find((c) => c.code === code)?.label ?? "";
  const pickCategory = (next: ProblemCategory) => {
    // The description is the category's name until the worker writes something of their own.
    const text = (form.getFieldValue("description") as string | undefined)?.trim() ?? "";
    if (text === "" || text === labelOf(category)) form.setFieldValue("description", labelOf(next));
  };

  if (isPending || me.isPending) return <Spin />;
  if (courtyards.length === 0) return <Empty description="您的网格下还没有楼院，请联系社区管理员" />;

  return (
    <Card title="新建巡查问题" size="small" style={{ maxWidth: 640 }}>
      <Form<Values>
        form={form}
        name="patrolProblem"
        layout="vertical"
        initialValues={{ photos: [], source: "patrol" }}
        onFinish={(v) =>
          create.mutate({
            courtyardId: v.courtyardId,
            category: v.category,
            photos: photoIdsOfUploads(v.photos),
            description: v.description.trim(),
            place: v.place?.trim() || null,
            // Only admins see 问题来源: a grid worker's problem is a 巡查.
            source: v.source ?? "patrol",
            referralOrigin: v.source === "referral" ? v.referralOrigin?.trim() || null : null,
          })
        }
      >
        <Form.Item label="楼院" name="courtyardId" rules={[{ required: true, message: "请选择楼院" }]}>
          {courtyards.length <= 8 ? (
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              aria-label="楼院"
              options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : (
            <Select<number>
              placeholder="选择楼院"
              aria-label="楼院"
              showSearch={{ optionFilterProp: "label" }}
              options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
        </Form.Item>
        <Form.Item label="问题类别" name="category" rules={[{ required: true, message: "请选择问题类别" }]}>
          {categories.isPending && communityId !== undefined ? (
            <Spin size="small" />
          ) : (
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              aria-label="问题类别"
              options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.label }))}
              onChange={(e) => pickCategory(e.target.value as ProblemCategory)}
            />
          )}
        </Form.Item>
        <Form.Item
          label="照片"
          name="photos"
          required={source !== "referral"}
          rules={[
            {
              validator: (_, files: UploadedPhoto[] | undefined) =>
                source === "referral" || photoIdsOfUploads(files).length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error("请至少拍1张照片")),
            },
          ]}
        >
          <PhotoUpload camera />
        </Form.Item>
        <Form.Item
          label="问题描述"
          name="description"
          rules={[
            { required: true, whitespace: true, message: "请填写问题描述" },
            { max: DESCRIPTION_MAX, message: `问题描述最多${DESCRIPTION_MAX}字` },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={DESCRIPTION_MAX}
            placeholder="选择类别后可直接提交，也可补充说明"
          />
        </Form.Item>
        <Form.Item
          label="具体位置"
          name="place"
          rules={[{ max: PLACE_MAX, message: `具体位置最多${PLACE_MAX}字` }]}
        >
          <Input maxLength={PLACE_MAX} placeholder="选填，如 3号楼2单元门口" />
        </Form.Item>
        {manages && (
          <Form.Item label="问题来源" name="source">
            <Radio.Group
              optionType="button"
              aria-label="问题来源"
              options={STAFF_SOURCES.map((s) => ({ value: s, label: PROBLEM_SOURCE_LABELS[s] }))}
            />
          </Form.Item>
        )}
        {source === "referral" && (
          <Form.Item
            label="转办来源"
            name="referralOrigin"
            rules={[{ max: REFERRAL_ORIGIN_MAX, message: `转办来源最多${REFERRAL_ORIGIN_MAX}字` }]}
          >
            <Input maxLength={REFERRAL_ORIGIN_MAX} placeholder="如 12345热线 工单号" />
          </Form.Item>
        )}
        <div style={{ display: "flex", gap: 8 }}>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={create.isPending}
            disabled={uploadsPending(photos)}
          >
            提交
          </Button>
          <Button size="large" onClick={() => navigate("/problems/todo")}>
            我的待办
          </Button>
        </div>
      </Form>
    </Card>
  );
}
