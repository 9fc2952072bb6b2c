import { App, Form, Modal, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { grantLabel } from "../../lib/labels";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type UserRow } from "../../lib/trpc";
import { RoleUnitFields, unitIdFor, type RoleUnitValues } from "./role-unit-fields";

/** 授予角色 (auth.users.grantRole) to an existing account. */
export function GrantRoleModal({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<RoleUnitValues>();
  const grant = useMutation(
    trpc.auth.users.grantRole.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success(`已为“${user.name}”授予角色`);
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <Modal
      title={`授予角色：${user.name}`}
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={grant.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {user.grants.length > 0 && (
        <Typography.Paragraph type="secondary">
          现有角色：{user.grants.map((g) => grantLabel(g)).join("、")}
        </Typography.Paragraph>
      )}
      <Form<RoleUnitValues>
        form={form}
        name="grantRole"
        layout="vertical"
        onFinish={(v) => v.role && grant.mutate({ userId: user.id, role: v.role, unitId: unitIdFor(v) })}
      >
        <RoleUnitFields form={form} />
      </Form>
    </Modal>
  );
}
