import { useMemo } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Selector from "antd-mobile/es/components/selector";
import Toast from "antd-mobile/es/components/toast";
import { checkIdNumber, idNumberProblem } from "../../lib/id-number-check";
import { MobileField } from "../../lib/mobile-field";
import { communityOptions, courtyardOptions } from "../../lib/org-options";
import { showServerError } from "../../lib/server-errors";
import { chinaToday } from "@chuangcheng/client";
import { useTRPC, type Me, type MyVolunteer } from "../../lib/trpc";
import { POLITICAL_OPTIONS } from "../../lib/volunteer-options";
import { UnitSelect } from "../register/unit-select";
import {
  DataConsentItems,
  DerivedPersonItems,
  GuardianItem,
  UnderFourteenNotice,
} from "./registration-items";
import { ServiceItems } from "./service-items";
import {
  FIELD_MAP,
  atLeastOne,
  initialValues,
  registrationInput,
  required,
  type VolunteerValues,
} from "./volunteer-values";

/** 志愿者注册 (volunteer.register): the resident's first registration, or the corrected one after 已驳回. */
export function VolunteerForm({ me, previous }: { me: Me; previous: MyVolunteer | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<VolunteerValues>();
  const initial = useMemo(() => initialValues(me, previous), [me, previous]);
  const today = chinaToday();

  // A resident registered in a 社区 picks among its 楼院; anyone else picks the 社区 first.
  const ownCommunity = me.community?.id;
  const chosenCommunity = Form.useWatch<number | undefined>("communityId", form);
  const communityId = ownCommunity ?? chosenCommunity ?? initial.communityId;
  const idNumber = Form.useWatch<string | undefined>("idNumber", form) ?? "";
  const check = useMemo(() => checkIdNumber(idNumber, today), [idNumber, today]);

  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const units = useMemo(() => tree.data ?? [], [tree.data]);
  const communities = useMemo(() => communityOptions(units), [units]);
  const courtyards = useMemo(() => courtyardOptions(units, communityId), [units, communityId]);
  const register = useMutation(
    trpc.volunteer.register.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.volunteer.mine.queryFilter());
        Toast.show({ icon: "success", content: "已提交，请等待社区审核" });
        navigate("/volunteer", { replace: true });
      },
      onError: (error) => showServerError(error, { form, fieldMap: FIELD_MAP }),
    }),
  );

  const submit = (v: VolunteerValues) => register.mutate(registrationInput(v, check));

  const refused = check.state === "valid" && check.rule === "refused";
  const treePlaceholder = tree.isPending ? "加载中…" : tree.isError ? "加载失败，请刷新重试" : "请选择";

  return (
    <>
      <div className="form-intro">
        <h1 className="form-title">{previous ? "修改注册资料" : "注册成为志愿者"}</h1>
        <p className="form-subtitle">
          {previous
            ? "请按驳回原因修改后重新提交；身份证号和手机号需重新填写。"
            : "填写约需两分钟，提交后由社区审核。"}
        </p>
        {previous?.rejectReason && (
          <div className="notice notice-warning form-reject-reason" data-testid="volunteer-reject-reason">
            驳回原因：{previous.rejectReason}
          </div>
        )}
      </div>
      <Form
        form={form}
        name="volunteer"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="none"
        initialValues={initial}
        onValuesChange={(changed: Partial<VolunteerValues>) => {
          // A field checked on blur loses its error as soon as it is edited, not at the next tap
          // (where the layout would shift under the finger).
          const stale = (["name", "mobile"] as const).filter(
            (f) => f in changed && form.getFieldError(f).length > 0,
          );
          if (stale.length > 0) form.setFields(stale.map((f) => ({ name: [f], errors: [] })));
          if ("communityId" in changed) form.setFieldsValue({ courtyardId: undefined, preferredTeamId: [] });
          if ("idNumber" in changed) {
            // Checked as it is typed, but a number still being typed gets no "应为18位" yet (that waits for blur).
            if (checkIdNumber(changed.idNumber ?? "", today).state === "incomplete") {
              form.setFields([{ name: ["idNumber"], errors: [] }]);
            } else {
              form.validateFields(["idNumber"]).catch(() => undefined);
            }
          }
        }}
        onFinish={submit}
        footer={
          <>
            {refused && <UnderFourteenNotice />}
            <Button
              block
              type="submit"
              color="primary"
              size="large"
              loading={register.isPending}
              loadingText="请稍候"
              disabled={refused}
              data-testid="volunteer-submit"
            >
              {previous ? "重新提交" : "提交注册"}
            </Button>
          </>
        }
      >
        <Form.Header>基本信息</Form.Header>
        <Form.Item
          label="姓名"
          name="name"
          rules={[
            required("请输入姓名"),
            { whitespace: true, message: "请输入姓名" },
            { max: 20, message: "姓名最多20个字" },
          ]}
        >
          <Input autoComplete="name" maxLength={20} placeholder="与身份证一致" clearable />
        </Form.Item>
        <Form.Item
          label="身份证号"
          name="idNumber"
          data-testid="volunteer-id-number"
          validateTrigger="onBlur"
          normalize={(v: string | undefined) => (v ?? "").replace(/\s/g, "").toUpperCase()}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const problem = idNumberProblem(v ?? "", today);
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input
            maxLength={18}
            autoComplete="off"
            placeholder={previous ? "请重新填写18位身份证号" : "18位身份证号"}
            clearable
          />
        </Form.Item>
        <DerivedPersonItems check={check} />
        <GuardianItem check={check} />
        <MobileField autoComplete="tel" />
        {ownCommunity === undefined && (
          <Form.Item label="所在社区" name="communityId" rules={[required("请选择所在社区")]}>
            <UnitSelect
              title="所在社区"
              options={communities}
              placeholder={treePlaceholder}
              disabled={communities.length === 0}
            />
          </Form.Item>
        )}
        <Form.Item
          label="所在楼院"
          name="courtyardId"
          rules={[required("请选择所在楼院")]}
          description={ownCommunity !== undefined ? me.community?.name : undefined}
        >
          <UnitSelect
            title="所在楼院"
            options={courtyards}
            placeholder={
              communityId === undefined
                ? "请先选择社区"
                : courtyards.length === 0
                  ? tree.isPending
                    ? "加载中…"
                    : "该社区暂无楼院"
                  : "请选择"
            }
            disabled={courtyards.length === 0}
          />
        </Form.Item>
        <Form.Item
          label="政治面貌"
          name="politicalStatus"
          layout="vertical"
          rules={[atLeastOne("请选择政治面貌")]}
        >
          <Selector columns={3} options={POLITICAL_OPTIONS} />
        </Form.Item>

        <Form.Header>服务意向</Form.Header>
        <ServiceItems communityId={communityId} />

        <Form.Header>个人信息使用说明</Form.Header>
        <DataConsentItems />
      </Form>
    </>
  );
}
