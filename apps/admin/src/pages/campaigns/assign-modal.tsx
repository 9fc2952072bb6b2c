import { App, Form, Modal, Select } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCommunityStaff } from "../../lib/community-staff";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import type { ChecklistItem } from "./campaign-types";

/** 指定责任人: a grid worker or admin of the 社区 files this item's evidence; empty takes it back. */
export function AssignModal(props: { item: ChecklistItem; communityId: number; onClose: () => void }) {
  const { item, communityId, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ assigneeUserId?: number }>();
  const staff = useCommunityStaff(communityId);
  const assign = useMutation(
    trpc.campaign.assignItem.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.checklist.pathKey() });
        void message.success(res.assignee ? `已交给 ${res.assignee.name}` : "已取消指定");
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );
  // The current assignee stays choosable even when the search does not list them.
  const options =
    item.assignee && !staff.options.some((o) => o.value === item.assignee!.id)
      ? [{ value: item.assignee.id, label: item.assignee.name }, ...staff.options]
      : staff.options;
  return (
    <Modal
      title={`指定责任人：${item.content}`}
      open
      okText="保存"
      cancelText="取消"
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        name="campaignAssign"
        layout="vertical"
        initialValues={{ assigneeUserId: item.assignee?.id }}
        onFinish={(v) => assign.mutate({ id: item.id, assigneeUserId: v.assigneeUserId ?? null })}
      >
        <Form.Item label="责任人" name="assigneeUserId" extra="本社区的网格员或社区管理员；清空即取消指定">
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={staff.loading}
            placeholder="选择本社区工作人员"
            options={options}
            notFoundContent={staff.loading ? "加载中…" : "本社区还没有工作人员账号"}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
