import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Selector from "antd-mobile/es/components/selector";
import TextArea from "antd-mobile/es/components/text-area";
import Toast from "antd-mobile/es/components/toast";
import CheckCircleFill from "antd-mobile-icons/es/CheckCircleFill";
import { DESCRIPTION_MAX, PLACE_MAX, type ProblemCategory } from "@chuangcheng/domain/rules";
import { PageHeader } from "../../layout/page-header";
import { RequireLogin } from "../../layout/require-login";
import { courtyardOptions, type UnitOption } from "../../lib/org-options";
import {
  PhotoPicker,
  photoIdsOf,
  photosFailed,
  photosUploading,
  type PickedPhoto,
} from "../../lib/photo-picker";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type Me, type PublicUnit } from "../../lib/trpc";
import { UnitSelect } from "../register/unit-select";
import "./problems.css";

interface ReportValues {
  category?: ProblemCategory[];
  courtyardId?: number;
  /** NO_BUILDING when none is named */
  buildingId?: number;
  place?: string;
  description?: string;
}

/** The 楼栋 option meaning "not a particular building" (the field is optional). */
const NO_BUILDING = 0;

// The server names a bad photo of the list by its index (photos.3): it shows beside the photos.
const FIELD_MAP = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`photos.${i}`, "photos"]));

function buildingOptions(units: readonly PublicUnit[], courtyardId: number | undefined): UnitOption[] {
  if (courtyardId === undefined) return [];
  const buildings = units
    .filter((u) => u.kind === "building" && u.parentId === courtyardId)
    .map((u) => ({ value: u.id, label: u.name }));
  return buildings.length === 0 ? [] : [{ value: NO_BUILDING, label: "不指定楼栋" }, ...buildings];
}

/**
 * The photo list lives in the page's state (uploads update it as they progress); this stands in the
 * form's 照片 field so that the field shows its messages (the server's 请至少上传1张问题照片) beside it.
 */
function PhotoField(props: {
  id?: string;
  photos: PickedPhoto[];
  onPhotosChange: React.Dispatch<React.SetStateAction<PickedPhoto[]>>;
  disabled: boolean;
}) {
  return (
    <div id={props.id}>
      <PhotoPicker photos={props.photos} onPhotosChange={props.onPhotosChange} disabled={props.disabled} />
    </div>
  );
}

function Submitted({ id, onAnother }: { id: number; onAnother: () => void }) {
  const navigate = useNavigate();
  const title = useRef<HTMLHeadingElement>(null);
  // A screen reader hears the outcome: focus moves from the gone 提交 button to it.
  useEffect(() => title.current?.focus(), []);
  return (
    <section className="problem-submitted" data-testid="problem-submitted" data-problem-id={id}>
      <CheckCircleFill className="problem-submitted-icon" aria-hidden />
      <h1 className="problem-submitted-title" ref={title} tabIndex={-1}>
        已提交
      </h1>
      <p className="problem-submitted-text">
        感谢您的反映。社区受理并安排整改后会通知您，办结后可查看整改前后的照片并评价。
      </p>
      <div className="problem-submitted-actions">
        <Button block color="primary" size="large" onClick={() => navigate(`/problems/${id}`)}>
          查看上报详情
        </Button>
        <Button block color="primary" fill="outline" size="large" onClick={() => navigate("/problems/mine")}>
          我的随手拍
        </Button>
        <Button block fill="none" size="large" onClick={onAnother}>
          再拍一条
        </Button>
      </div>
    </section>
  );
}

function ReportForm({ me, communityId }: { me: Me; communityId: number }) {
  const trpc = useTRPC();
  const [form] = Form.useForm<ReportValues>();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const courtyardId = Form.useWatch<number | undefined>("courtyardId", form);

  const categories = useQuery(trpc.problem.categories.queryOptions({}, { staleTime: 5 * 60_000 }));
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const units = useMemo(() => tree.data ?? [], [tree.data]);
  const courtyards = useMemo(() => courtyardOptions(units, communityId), [units, communityId]);
  const buildings = useMemo(() => buildingOptions(units, courtyardId), [units, courtyardId]);
  const categoryOptions = (categories.data ?? []).map((c) => ({ value: c.code, label: c.label }));
  // Their own 楼院 first: most residents report what they see at home.
  const ownCourtyard = courtyards.some((c) => c.value === me.courtyard?.id) ? me.courtyard?.id : undefined;

  // The 楼院 list arrives after the form is drawn: their own 楼院 is filled in once it does.
  useEffect(() => {
    if (ownCourtyard !== undefined && !form.isFieldTouched("courtyardId")) {
      form.setFieldValue("courtyardId", ownCourtyard);
    }
  }, [form, ownCourtyard]);

  const report = useMutation(
    trpc.problem.report.mutationOptions({
      onSuccess: ({ id }) => {
        setSubmitted(id);
        window.scrollTo(0, 0);
      },
      onError: (error) => showServerError(error, { form, fieldMap: FIELD_MAP }),
    }),
  );

  if (submitted !== null) {
    return (
      <Submitted
        id={submitted}
        onAnother={() => {
          setPhotos([]);
          form.resetFields();
          report.reset();
          setSubmitted(null);
        }}
      />
    );
  }

  const uploading = photosUploading(photos);
  const submit = (v: ReportValues) => {
    if (uploading) {
      Toast.show({ content: "照片还在上传，请稍候再提交" });
      return;
    }
    if (photosFailed(photos)) {
      form.setFields([{ name: ["photos"], errors: ["有照片上传失败，请点“重试”或删除后再提交"] }]);
      return;
    }
    report.mutate({
      category: v.category![0]!,
      courtyardId: v.courtyardId!,
      buildingId: v.buildingId ? v.buildingId : null,
      place: v.place?.trim() || null,
      description: v.description ?? "",
      photos: photoIdsOf(photos),
    });
  };

  const loadingText = (q: { isPending: boolean; isError: boolean }) =>
    q.isPending ? "加载中…" : q.isError ? "加载失败，请刷新重试" : "请选择";

  return (
    <>
      <div className="form-intro">
        <h1 className="form-title">随手拍</h1>
        <p className="form-subtitle">
          看到社区里的不文明现象或设施问题，拍下来告诉社区（{me.community?.name}）
        </p>
      </div>
      <Form
        form={form}
        name="report"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="text-optional"
        initialValues={{ courtyardId: ownCourtyard, category: [] }}
        onValuesChange={(changed: ReportValues) => {
          // A 楼栋 belongs to one 楼院.
          if ("courtyardId" in changed) form.setFieldValue("buildingId", undefined);
        }}
        onFinish={submit}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={report.isPending || uploading}
            loadingText={uploading ? "照片上传中" : "正在提交"}
            data-testid="problem-submit"
          >
            提交
          </Button>
        }
      >
        <Form.Item
          label="问题类别"
          name="category"
          layout="vertical"
          required
          rules={[
            {
              validator: (_, v: unknown[] | undefined) =>
                v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error("请选择问题类别")),
            },
          ]}
        >
          {categories.isError ? (
            <span className="form-hint">类别加载失败，请刷新重试</span>
          ) : (
            <Selector columns={2} options={categoryOptions} />
          )}
        </Form.Item>
        <Form.Item label="问题照片" name="photos" layout="vertical" required>
          <PhotoField photos={photos} onPhotosChange={setPhotos} disabled={report.isPending} />
        </Form.Item>
        <Form.Item
          label="问题描述"
          name="description"
          layout="vertical"
          required
          rules={[
            { required: true, whitespace: true, message: "请填写问题描述" },
            {
              validator: (_, v: string | undefined) =>
                Array.from(v ?? "").length <= DESCRIPTION_MAX
                  ? Promise.resolve()
                  : Promise.reject(new Error(`问题描述最多${DESCRIPTION_MAX}字`)),
            },
          ]}
        >
          <TextArea
            placeholder="例如：3单元楼道堆放纸箱，堵住了通道"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={DESCRIPTION_MAX}
            showCount
          />
        </Form.Item>
        <Form.Item
          label="所在楼院"
          name="courtyardId"
          required
          rules={[{ required: true, message: "请选择问题所在的楼院" }]}
        >
          <UnitSelect
            title="所在楼院"
            options={courtyards}
            placeholder={courtyards.length === 0 && !tree.isPending ? "本社区暂无楼院" : loadingText(tree)}
            disabled={courtyards.length === 0}
          />
        </Form.Item>
        {buildings.length > 0 && (
          <Form.Item label="楼栋" name="buildingId">
            <UnitSelect title="楼栋" options={buildings} placeholder="可不选" />
          </Form.Item>
        )}
        <Form.Item
          label="具体位置"
          name="place"
          rules={[{ max: PLACE_MAX, message: `具体位置最多${PLACE_MAX}字` }]}
        >
          <Input placeholder="如：3单元门口" maxLength={PLACE_MAX} clearable />
        </Form.Item>
      </Form>
    </>
  );
}

/** 随手拍: a resident reports a problem in their own 社区 with photos, for the 社区 to put right. */
export default function ProblemNewPage() {
  const navigate = useNavigate();
  return (
    <div className="page form-page problem-new-page">
      <PageHeader>随手拍</PageHeader>
      <RequireLogin>
        {(me) =>
          me.community ? (
            <ReportForm me={me} communityId={me.community.id} />
          ) : (
            <ErrorBlock
              status="empty"
              title="请先登记所在社区"
              description="随手拍的问题由您所在的社区处理。您的账号未登记社区，请联系社区工作人员登记。"
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
