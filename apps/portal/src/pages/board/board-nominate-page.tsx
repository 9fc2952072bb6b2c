import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Selector from "antd-mobile/es/components/selector";
import TextArea from "antd-mobile/es/components/text-area";
import CheckCircleFill from "antd-mobile-icons/es/CheckCircleFill";
import {
  BOARD_DESCRIPTION_MAX,
  BOARD_SUBJECT_NAME_MAX,
  BOARD_TITLE_MAX,
  type BoardCategory,
} from "@chuangcheng/domain/rules";
import { PageHeader } from "../../layout/page-header";
import { RequireLogin } from "../../layout/require-login";
import { courtyardOptions } from "../../lib/org-options";
import { photoIdsOf, photosUploading, type PickedPhoto } from "../../lib/photo-picker";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type Me } from "../../lib/trpc";
import { UnitSelect } from "../register/unit-select";
import { BoardPhotoField, PHOTO_FIELD_MAP, photosReady } from "./board-photo-field";
import "../problems/problems.css";
import "./board.css";

type NomineeKind = "person" | "household";

interface NominateValues {
  category?: BoardCategory[];
  courtyardId?: number;
  title?: string;
  description?: string;
  subjectKind?: NomineeKind[];
  subjectName?: string;
}

const KIND_OPTIONS: { value: NomineeKind; label: string }[] = [
  { value: "person", label: "个人" },
  { value: "household", label: "家庭" },
];

const lengthRule = (label: string, max: number) => ({
  validator: (_: unknown, v: string | undefined) =>
    Array.from(v ?? "").length <= max ? Promise.resolve() : Promise.reject(new Error(`${label}最多${max}字`)),
});
const pickedRule = (message: string) => ({
  validator: (_: unknown, v: unknown[] | undefined) =>
    v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(message)),
});

function Submitted({ onAnother }: { onAnother: () => void }) {
  const navigate = useNavigate();
  const title = useRef<HTMLHeadingElement>(null);
  // A screen reader hears the outcome: focus moves from the gone 提交 button to it.
  useEffect(() => title.current?.focus(), []);
  return (
    <section className="problem-submitted" data-testid="board-nominated">
      <CheckCircleFill className="problem-submitted-icon" aria-hidden />
      <h1 className="problem-submitted-title" ref={title} tabIndex={-1}>
        推荐已提交
      </h1>
      <p className="problem-submitted-text">感谢您的推荐。社区审核通过后会通知您，并在黑白榜的白榜上公示。</p>
      <div className="problem-submitted-actions">
        <Button block color="primary" size="large" onClick={() => navigate("/board/mine")}>
          我的推荐
        </Button>
        <Button block fill="none" size="large" onClick={onAnother}>
          再推荐一位
        </Button>
      </div>
    </section>
  );
}

function NominateForm({ me, communityId }: { me: Me; communityId: number }) {
  const trpc = useTRPC();
  const [form] = Form.useForm<NominateValues>();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const kind = Form.useWatch<NomineeKind[] | undefined>("subjectKind", form)?.[0] ?? "person";
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const courtyards = useMemo(() => courtyardOptions(tree.data ?? [], communityId), [tree.data, communityId]);
  // The 白榜 categories the 社区 offers, by its own names.
  const categories = useQuery(trpc.board.categoryOptions.queryOptions({ communityId }));
  const categoryOptions = (categories.data ?? [])
    .filter((c) => c.kind === "white")
    .map((c) => ({ value: c.code, label: c.label }));
  const ownCourtyard = courtyards.some((c) => c.value === me.courtyard?.id) ? me.courtyard?.id : undefined;

  // The 楼院 list arrives after the form is drawn: their own 楼院 is filled in once it does.
  useEffect(() => {
    if (ownCourtyard !== undefined && !form.isFieldTouched("courtyardId")) {
      form.setFieldValue("courtyardId", ownCourtyard);
    }
  }, [form, ownCourtyard]);

  const nominate = useMutation(
    trpc.board.nominate.mutationOptions({
      onSuccess: () => {
        setSubmitted(true);
        window.scrollTo(0, 0);
      },
      onError: (error) => showServerError(error, { form, fieldMap: PHOTO_FIELD_MAP }),
    }),
  );

  if (submitted) {
    return (
      <Submitted
        onAnother={() => {
          setPhotos([]);
          form.resetFields();
          nominate.reset();
          setSubmitted(false);
        }}
      />
    );
  }

  const uploading = photosUploading(photos);
  const submit = (v: NominateValues) => {
    if (!photosReady(photos, form)) return;
    nominate.mutate({
      category: v.category![0]!,
      courtyardId: v.courtyardId!,
      title: v.title ?? "",
      description: v.description ?? "",
      subjectKind: v.subjectKind?.[0] ?? "person",
      subjectName: v.subjectName?.trim() || null,
      photos: photoIdsOf(photos),
    });
  };

  const nameLabel = kind === "household" ? "推荐的家庭" : "被推荐人姓名";
  return (
    <>
      <div className="board-form-intro">
        <h1 className="board-form-title">推荐身边好人</h1>
        <p className="board-form-subtitle">
          推荐{me.community?.name}的好人好事、文明家庭。社区审核后在白榜公示；未经本人同意，只显示姓氏（如
          张**）。
        </p>
      </div>
      <Form
        form={form}
        name="nominate"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="text-optional"
        initialValues={{ courtyardId: ownCourtyard, category: [], subjectKind: ["person"] }}
        onFinish={submit}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={nominate.isPending || uploading}
            loadingText={uploading ? "照片上传中" : "正在提交"}
            data-testid="board-nominate-submit"
          >
            提交推荐
          </Button>
        }
      >
        <Form.Item
          label="推荐类别"
          name="category"
          layout="vertical"
          required
          rules={[pickedRule("请选择推荐类别")]}
          description={categories.isError ? "类别加载失败，请刷新重试" : undefined}
        >
          <Selector columns={2} options={categoryOptions} />
        </Form.Item>
        <Form.Item
          label="推荐对象"
          name="subjectKind"
          layout="vertical"
          required
          rules={[pickedRule("请选择推荐个人还是家庭")]}
        >
          <Selector columns={2} options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item
          label={nameLabel}
          name="subjectName"
          required
          rules={[
            {
              required: true,
              whitespace: true,
              message: kind === "household" ? "请填写家庭，如 3号楼2单元 张家" : "请填写被推荐人的姓名",
            },
            lengthRule(nameLabel, BOARD_SUBJECT_NAME_MAX),
          ]}
        >
          <Input
            placeholder={kind === "household" ? "如：3号楼2单元 张家" : "如：张建华"}
            maxLength={BOARD_SUBJECT_NAME_MAX}
            clearable
          />
        </Form.Item>
        <Form.Item
          label="所在楼院"
          name="courtyardId"
          required
          rules={[{ required: true, message: "请选择所在楼院" }]}
        >
          <UnitSelect
            title="所在楼院"
            options={courtyards}
            placeholder={tree.isPending ? "加载中…" : tree.isError ? "加载失败，请刷新重试" : "请选择"}
            disabled={courtyards.length === 0}
          />
        </Form.Item>
        <Form.Item
          label="标题"
          name="title"
          layout="vertical"
          required
          rules={[
            { required: true, whitespace: true, message: "请填写标题" },
            lengthRule("标题", BOARD_TITLE_MAX),
          ]}
        >
          <Input placeholder="如：冒雨帮邻居搬运物资" maxLength={BOARD_TITLE_MAX} clearable />
        </Form.Item>
        <Form.Item
          label="事迹说明"
          name="description"
          layout="vertical"
          required
          rules={[
            { required: true, whitespace: true, message: "请填写事迹说明" },
            lengthRule("事迹说明", BOARD_DESCRIPTION_MAX),
          ]}
        >
          <TextArea
            placeholder="写一写他/她做了什么好事，什么时候、在哪里"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={BOARD_DESCRIPTION_MAX}
            showCount
          />
        </Form.Item>
        <Form.Item label="照片" name="photos" layout="vertical">
          <BoardPhotoField photos={photos} onPhotosChange={setPhotos} disabled={nominate.isPending} />
        </Form.Item>
      </Form>
    </>
  );
}

/** 推荐身边好人: a resident nominates a neighbour's 好人好事 for the 白榜 of their own 社区. */
export default function BoardNominatePage() {
  const navigate = useNavigate();
  return (
    <div className="page form-page board-nominate-page">
      <PageHeader>推荐身边好人</PageHeader>
      <RequireLogin>
        {(me) =>
          me.community ? (
            <NominateForm me={me} communityId={me.community.id} />
          ) : (
            <ErrorBlock
              status="empty"
              title="请先登记所在社区"
              description="推荐由您所在的社区审核。您的账号未登记社区，请联系社区工作人员登记。"
            >
              <Button color="primary" onClick={() => navigate("/me")}>
                查看我的信息
              </Button>
            </ErrorBlock>
          )
        }
      </RequireLogin>
    </div>
  );
}
