import { App, Form, Input, Modal } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { mobileRules } from "@chuangcheng/client";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { RoleUnitFields, unitIdFor, type RoleUnitValues } from "./role-unit-fields";

interface Values extends RoleUnitValues {
  mobile: string;
  name: string;
  password: string;
}

/** 新建工作人员 (auth.users.createStaff): an account with its first role. */
export function CreateStaffModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const create = useMutation(
    trpc.auth.users.createStaff.mutationOptions({
      onSuccess: async (_res, input) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success(`已新建工作人员“${input.name}”，请将初始密码告知本人并提醒其登录后修改`);
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  const submit = (v: Values) => {
    if (!v.role) return;
    create.mutate({
      mobile: v.mobile.trim(),
      name: v.name.trim(),
      password: v.password,
      role: v.role,
      unitId: unitIdFor(v),
    });
  };

  return (
    <Modal
      title="新建工作人员"
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values> form={form} name="createStaff" layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item label="手机号" name="mobile" rules={mobileRules}>
          <Input inputMode="numeric" maxLength={11} placeholder="用于登录" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: "请输入姓名" }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="password"
          extra={`${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位，本人登录后可自行修改`}
          rules={[
            { required: true, message: "请输入初始密码" },
            { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}位` },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
        </Form.Item>
        <RoleUnitFields form={form} />
      </Form>
    </Modal>
  );
}
