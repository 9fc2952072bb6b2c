import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { App, Button, Card, Empty, Form, Input, Radio, Select, Spin } from "antd";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import {
  BOARD_DESCRIPTION_MAX,
  BOARD_KIND_LABELS,
  BOARD_SUBJECT_NAME_MAX,
  BOARD_TITLE_MAX,
  SUBJECT_KINDS_OF,
  type BoardCategory,
  type BoardKind,
  type SubjectKind,
} from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { descendantsOf, useCommunities } from "../../lib/communities";
import { PhotoUpload, photoIdsOfUploads, uploadsPending, type UploadedPhoto } from "../../lib/photo-upload";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { communityOf, patrolCourtyards } from "../problems/patrol-scope";
import { SUBJECT_KIND_LABELS } from "./board-bits";

interface Values {
  kind: BoardKind;
  category: BoardCategory;
  courtyardId: number;
  buildingId?: number;
  title: string;
  description: string;
  subjectKind: SubjectKind;
  subjectName?: string;
  subjectUserId?: number;
  problemId?: number;
  photos: UploadedPhoto[];
}

/**
 * Residents of the chosen 楼院 to link a 黑榜 entry to, by name or the last 4 digits of the mobile
 * (board.residentOptions: a grid worker finds those of his own 楼院 too; mobiles come masked).
 */
function ResidentSelect({
  value,
  onChange,
  id,
  courtyardId,
}: {
  value?: number;
  onChange?: (v?: number) => void;
  id?: string;
  courtyardId: number | undefined;
}) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const found = useQuery({
    ...trpc.board.residentOptions.queryOptions({ courtyardId: courtyardId ?? 0, q: q.trim() || undefined }),
    enabled: courtyardId !== undefined,
    placeholderData: keepPreviousData,
  });
  // antd names the input but not its list of options (role="listbox"), which axe requires while it is
  // open; the list is made when the dropdown opens and again when the results change.
  useEffect(() => {
    if (!id || !open) return;
    const name = () => document.getElementById(`${id}_list`)?.setAttribute("aria-label", "搜索到的居民");
    name();
    const timer = setTimeout(name, 50);
    return () => clearTimeout(timer);
  });
  return (
    <Select<number>
      id={id}
      onOpenChange={setOpen}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear
      disabled={courtyardId === undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={courtyardId ? "输入姓名或手机尾号搜索该楼院居民" : "请先选择楼院"}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? <Spin size="small" /> : "该楼院没有找到这位居民"}
      options={(found.data ?? []).map((u) => ({ value: u.id, label: `${u.name} ${u.mobile}` }))}
    />
  );
}

/**
 * 提名上榜, made for a grid worker's phone as much as the desk: 白榜 or 黑榜, the category, the 楼院 (a
 * grid worker's own 网格), the subject, photos, 保存草稿 or 提交审核. A 黑榜 entry may name the problem
 * it comes from (it then follows it to 已整改) and, for admins, the resident it is about (told before it
 * shows, may 申诉).
 */
export default function BoardNewPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const { units, isPending } = useCommunities();
  const courtyards = useMemo(() => patrolCourtyards(units, me.data?.grants ?? []), [units, me.data]);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) ?? "black";
  const courtyardId = Form.useWatch("courtyardId", form);
  const subjectKind = Form.useWatch("subjectKind", form);
  const photos = Form.useWatch("photos", form);
  // Which button submitted the form: read in onFinish, in the same click.
  const asDraft = useRef(false);
  const buildings = useMemo(
    () => (courtyardId ? descendantsOf(units, courtyardId, "building") : []),
    [units, courtyardId],
  );
  // The categories the 社区 of the chosen 楼院 offers (before one is chosen: that of the first 楼院,
  // the only 社区 for almost everyone), by its own names.
  const communityId = communityOf(units, courtyardId ?? courtyards[0]?.id ?? 0)?.id;
  const categories = useQuery({
    ...trpc.board.categoryOptions.queryOptions({ communityId: communityId ?? 0 }),
    enabled: communityId !== undefined,
  });
  const categoryOptions = (categories.data ?? [])
    .filter((c) => c.kind === kind)
    .map((c) => ({ value: c.code, label: c.label }));
  // A category the newly chosen 楼院's 社区 does not offer is not kept.
  useEffect(() => {
    const chosen = form.getFieldValue("category") as BoardCategory | undefined;
    if (chosen && categories.data && !categories.data.some((c) => c.code === chosen))
      form.setFieldValue("category", undefined);
  }, [categories.data, form]);
  const problems = useQuery({
    ...trpc.problem.list.queryOptions({ courtyardId, page: 1, pageSize: 50 }),
    enabled: kind === "black" && courtyardId !== undefined && can(me.data, "problem.handle"),
  });

  // The only 楼院 is chosen for you.
  useEffect(() => {
    if (courtyards.length === 1 && form.getFieldValue("courtyardId") === undefined)
      form.setFieldValue("courtyardId", courtyards[0]!.id);
  }, [courtyards, form]);

  const propose = useMutation(
    trpc.board.propose.mutationOptions({
      onSuccess: ({ id, state }) => {
        void message.success(state === "draft" ? `已保存草稿 #${id}` : `已提交审核 #${id}`);
        navigate(`/board/${id}?state=all`);
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  const savingDraft = propose.variables?.submit === false;

  const pickKind = (next: BoardKind) => {
    form.setFieldsValue({
      category: undefined,
      subjectKind: SUBJECT_KINDS_OF[next][0],
      subjectName: undefined,
      subjectUserId: undefined,
      problemId: undefined,
    });
  };

  if (isPending || me.isPending) return <Spin />;
  if (courtyards.length === 0) return <Empty description="您负责的范围内还没有楼院，请联系社区管理员" />;

  const named = subjectKind === "person" || subjectKind === "household";
  return (
    <Card title="提名上榜" size="small" style={{ maxWidth: 680 }}>
      <Form<Values>
        form={form}
        name="boardPropose"
        layout="vertical"
        initialValues={{ kind: "black", subjectKind: "place", photos: [] }}
        onFinish={(v) =>
          propose.mutate({
            category: v.category,
            courtyardId: v.courtyardId,
            buildingId: v.buildingId ?? null,
            title: v.title.trim(),
            description: v.description.trim(),
            subjectKind: v.subjectKind,
            subjectName: v.subjectName?.trim() || null,
            subjectUserId: v.kind === "black" ? (v.subjectUserId ?? null) : null,
            problemId: v.kind === "black" ? (v.problemId ?? null) : null,
            photos: photoIdsOfUploads(v.photos),
            submit: !asDraft.current,
          })
        }
      >
        <Form.Item label="榜别" name="kind" rules={[{ required: true, message: "请选择白榜或黑榜" }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            aria-label="榜别"
            options={(["white", "black"] as const).map((k) => ({ value: k, label: BOARD_KIND_LABELS[k] }))}
            onChange={(e) => pickKind(e.target.value as BoardKind)}
          />
        </Form.Item>
        <Form.Item
          label="类别"
          name="category"
          rules={[{ required: true, message: "请选择类别" }]}
          extra={categories.isError ? "类别加载失败，请刷新重试" : undefined}
        >
          <Radio.Group optionType="button" aria-label="类别" options={categoryOptions} />
        </Form.Item>
        <Form.Item label="楼院" name="courtyardId" rules={[{ required: true, message: "请选择楼院" }]}>
          {courtyards.length <= 8 ? (
            <Radio.Group
              optionType="button"
              aria-label="楼院"
              options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
              onChange={() => form.setFieldsValue({ buildingId: undefined, problemId: undefined })}
            />
          ) : (
            <Select<number>
              placeholder="选择楼院"
              showSearch={{ optionFilterProp: "label" }}
              options={courtyards.map((c) => ({ value: c.id, label: c.name }))}
              onChange={() => form.setFieldsValue({ buildingId: undefined, problemId: undefined })}
            />
          )}
        </Form.Item>
        {buildings.length > 0 && (
          <Form.Item label="楼栋（选填）" name="buildingId">
            <Select<number>
              allowClear
              placeholder="不选则为整个楼院"
              options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label="标题"
          name="title"
          rules={[
            { required: true, whitespace: true, message: "请填写标题" },
            { max: BOARD_TITLE_MAX, message: `标题最多${BOARD_TITLE_MAX}字` },
          ]}
        >
          <Input
            maxLength={BOARD_TITLE_MAX}
            placeholder={kind === "black" ? "如 3号楼2单元楼道堆放杂物" : "如 张大爷十年如一日清扫楼道"}
          />
        </Form.Item>
        <Form.Item
          label={kind === "black" ? "情况说明" : "事迹"}
          name="description"
          rules={[
            { required: true, whitespace: true, message: kind === "black" ? "请填写情况说明" : "请填写事迹" },
            { max: BOARD_DESCRIPTION_MAX, message: `最多${BOARD_DESCRIPTION_MAX}字` },
          ]}
        >
          <Input.TextArea rows={4} maxLength={BOARD_DESCRIPTION_MAX} />
        </Form.Item>
        {kind === "white" ? (
          <>
            <Form.Item
              label="对象类型"
              name="subjectKind"
              rules={[{ required: true, message: "请选择对象类型" }]}
            >
              <Radio.Group
                optionType="button"
                aria-label="对象类型"
                options={SUBJECT_KINDS_OF.white.map((s) => ({ value: s, label: SUBJECT_KIND_LABELS[s] }))}
              />
            </Form.Item>
            {named && (
              <Form.Item
                label={subjectKind === "person" ? "姓名" : "家庭"}
                name="subjectName"
                extra={subjectKind === "person" ? "未记录本人同意前，公开时只显示姓氏（张**）" : undefined}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message:
                      subjectKind === "person" ? "请填写被表扬人的姓名" : "请填写家庭，如 3号楼2单元 张家",
                  },
                  { max: BOARD_SUBJECT_NAME_MAX, message: `最多${BOARD_SUBJECT_NAME_MAX}字` },
                ]}
              >
                <Input
                  maxLength={BOARD_SUBJECT_NAME_MAX}
                  placeholder={subjectKind === "person" ? "如 张建国" : "如 3号楼2单元 张家"}
                />
              </Form.Item>
            )}
          </>
        ) : (
          <>
            <Form.Item name="subjectKind" hidden>
              <Input />
            </Form.Item>
            <Form.Item
              label="关联居民（选填）"
              name="subjectUserId"
              extra="关联后，该居民在公示前收到告知，并可在告知期内申诉；公开页面不显示其姓名。"
            >
              <ResidentSelect courtyardId={courtyardId} />
            </Form.Item>
            <Form.Item label="关联问题（选填）" name="problemId" extra="问题办结后，该条目自动标记为已整改">
              <Select<number>
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                placeholder={courtyardId ? "选择该楼院的问题" : "请先选择楼院"}
                disabled={courtyardId === undefined}
                loading={problems.isFetching}
                options={(problems.data?.items ?? []).map((p) => ({
                  value: p.id,
                  label: `#${p.id} ${p.categoryLabel}：${p.description.slice(0, 24)}`,
                }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          label="照片"
          name="photos"
          extra={kind === "black" ? "公示前，管理员会确认照片中的人脸、车牌已打码" : undefined}
        >
          <PhotoUpload />
        </Form.Item>
        <div style={{ display: "flex", gap: 8 }}>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={propose.isPending && !savingDraft}
            disabled={uploadsPending(photos)}
            onClick={() => (asDraft.current = false)}
          >
            提交审核
          </Button>
          <Button
            size="large"
            htmlType="submit"
            loading={propose.isPending && savingDraft}
            disabled={uploadsPending(photos)}
            onClick={() => (asDraft.current = true)}
          >
            保存草稿
          </Button>
        </div>
      </Form>
    </Card>
  );
}
