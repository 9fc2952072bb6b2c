import { App, Form, Input, Modal } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type TeamRow } from "../../lib/trpc";

interface Values {
  name: string;
  description?: string;
}

/** 新建服务队 (volunteer.teams.create) and 编辑 (volunteer.teams.update): 名称 and 简介. */
export function TeamFormModal(props: { communityId: number; team: TeamRow | null; onClose: () => void }) {
  const { communityId, team, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const done = async (text: string) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.teams.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
    void message.success(text);
    onClose();
  };
  const onError = (error: unknown) => showError(error, { form });
  const create = useMutation(
    trpc.volunteer.teams.create.mutationOptions({
      onSuccess: (_res, input) => done(`已新建“${input.name}”`),
      onError,
    }),
  );
  const update = useMutation(
    trpc.volunteer.teams.update.mutationOptions({ onSuccess: () => done("已保存"), onError }),
  );

  const submit = (v: Values) => {
    const description = v.description?.trim() || null;
    if (team) update.mutate({ id: team.id, name: v.name.trim(), description });
    else create.mutate({ communityId, name: v.name.trim(), description });
  };

  return (
    <Modal
      title={team ? "编辑志愿服务队" : "新建志愿服务队"}
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="teamForm"
        layout="vertical"
        initialValues={{ name: team?.name ?? "", description: team?.description ?? "" }}
        onFinish={submit}
      >
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: "请输入队名" },
            { max: 30, message: "队名最多30个字" },
          ]}
        >
          <Input maxLength={30} placeholder="例如：文艺队、为老服务队、环卫队" autoFocus />
        </Form.Item>
        <Form.Item label="简介" name="description" rules={[{ max: 500, message: "简介最多500字" }]}>
          <Input.TextArea rows={4} maxLength={500} showCount placeholder="服务内容、活动时间等" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
