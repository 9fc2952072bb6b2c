import { useMutation, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import List from "antd-mobile/es/components/list";
import Toast from "antd-mobile/es/components/toast";
import FileOutline from "antd-mobile-icons/es/FileOutline";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type Claimable } from "../../lib/trpc";

interface ClaimValues {
  idLast4: string;
}

const LAST4 = /^\d{3}[\dXx]$/;

/**
 * The record the 社区 entered from the resident's paper form, under the account's mobile: shown masked,
 * claimed with the last four characters of the 身份证号 (volunteer.claim) instead of typing it all again.
 */
export function ClaimOffer({ offer, onDecline }: { offer: NonNullable<Claimable>; onDecline: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ClaimValues>();
  const claim = useMutation(
    trpc.volunteer.claim.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.volunteer.pathFilter());
        Toast.show({ icon: "success", content: "已确认，志愿者信息已关联到您的账号" });
      },
      onError: async (error) => {
        showServerError(error, { form, fallbackField: "idLast4" });
        // The tries left today changed.
        await queryClient.invalidateQueries(trpc.volunteer.claimable.queryFilter());
      },
    }),
  );
  const spent = offer.triesLeft === 0;

  return (
    <>
      <section
        className="state-block claim-block"
        data-testid="volunteer-claim"
        aria-labelledby="claim-title"
      >
        <FileOutline className="state-icon state-icon-blue" aria-hidden />
        <h1 id="claim-title" className="state-title">
          我们找到了您在社区登记的志愿者信息
        </h1>
        <p className="state-text">
          社区已按您填写的纸质登记表录入了志愿者信息，登记的手机号与您的账号一致。确认是本人后即可直接使用，无需重新填写。
        </p>
      </section>
      <List header="社区登记的信息" mode="card" className="claim-records">
        {offer.records.map((r) => (
          <List.Item
            key={r.id}
            data-testid="claim-record"
            description={
              <>
                <span className="claim-id">身份证号 {r.idNumber}</span>
                <br />
                {[r.communityName, r.courtyardName].filter(Boolean).join(" · ")}
              </>
            }
          >
            {r.name}
          </List.Item>
        ))}
      </List>
      <Form
        form={form}
        name="claim"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="none"
        disabled={spent}
        onFinish={(v: ClaimValues) => claim.mutate({ idLast4: v.idLast4.trim() })}
        footer={
          <>
            <Button
              block
              type="submit"
              color="primary"
              size="large"
              loading={claim.isPending}
              loadingText="请稍候"
              disabled={spent}
            >
              确认是本人
            </Button>
            <p className="form-hint claim-tries" data-testid="claim-tries">
              {spent
                ? "今天的尝试次数已用完，请明天再试，或带身份证到社区办公室办理。"
                : `为保护您的信息，今天还可输错 ${offer.triesLeft} 次。`}
            </p>
          </>
        }
      >
        <Form.Item
          label="身份证号后4位"
          name="idLast4"
          validateTrigger="onSubmit"
          rules={[
            { required: true, message: "请输入身份证号后4位" },
            { pattern: LAST4, message: "请输入身份证号的最后4位（数字，最后一位可能是X）" },
          ]}
        >
          <Input placeholder="如 123X" maxLength={4} autoComplete="off" />
        </Form.Item>
      </Form>
      <div className="claim-decline">
        <Button block fill="none" onClick={onDecline} data-testid="claim-decline">
          这不是我，填写志愿者注册表
        </Button>
      </div>
    </>
  );
}
