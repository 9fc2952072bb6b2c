import { App, Form, Modal } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { CampaignFields, campaignInput, dateOf, type CampaignFieldValues } from "./campaign-fields";
import type { CampaignDetail } from "./campaign-types";

/** 编辑 a campaign's name, type and period (its admins); the server refuses a period ending before it starts. */
export function CampaignEditModal({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<CampaignFieldValues>();
  const update = useMutation(
    trpc.campaign.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
        void message.success("已保存");
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );
  return (
    <Modal
      title="编辑创城活动"
      open
      width={600}
      okText="保存"
      cancelText="取消"
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<CampaignFieldValues>
        form={form}
        name="campaignEdit"
        layout="vertical"
        initialValues={{
          name: campaign.name,
          kind: campaign.kind,
          periodStart: dateOf(campaign.periodStart),
          periodEnd: dateOf(campaign.periodEnd),
        }}
        onFinish={(v) => {
          const fields = campaignInput(v);
          if (fields) update.mutate({ id: campaign.id, version: campaign.version, ...fields });
        }}
      >
        <CampaignFields />
      </Form>
    </Modal>
  );
}
