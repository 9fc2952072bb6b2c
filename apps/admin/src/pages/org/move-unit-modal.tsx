import { App, Form, Modal, Select, Typography } from "antd";
import { useMutation } from "@tanstack/react-query";
import { PARENT_KIND } from "@chuangcheng/domain/rules";
import { kindLabel, unitOptions, unitPath } from "../../lib/org-tree";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type OrgUnit } from "../../lib/trpc";
import { useOrgChanged } from "./use-org-changed";

interface Values {
  parentId: number;
}

/** 移动 (org.move): a unit moves, with everything below it, under another parent of the right kind. */
export function MoveUnitModal({
  unit,
  units,
  onClose,
}: {
  unit: OrgUnit;
  units: readonly OrgUnit[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const orgChanged = useOrgChanged();
  const [form] = Form.useForm<Values>();
  const parentKind = PARENT_KIND[unit.kind];
  const options = parentKind
    ? unitOptions(units, parentKind, (u) => u.canManage && u.id !== unit.parentId)
    : [];

  const move = useMutation(
    trpc.org.move.mutationOptions({
      onSuccess: async () => {
        await orgChanged();
        void message.success(`已移动“${unit.name}”`);
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <Modal
      title={`移动${kindLabel(unit.kind)}`}
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={move.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        将“{unit.name}”及其全部下级单位移到另一个{parentKind ? kindLabel(parentKind) : "单位"}之下。
        当前位置：{unitPath(units, unit.id)}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        name="moveUnit"
        layout="vertical"
        onFinish={(v) => move.mutate({ id: unit.id, parentId: v.parentId })}
      >
        <Form.Item
          label={`新的上级${parentKind ? kindLabel(parentKind) : "单位"}`}
          name="parentId"
          rules={[{ required: true, message: "请选择新的上级单位" }]}
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            options={options}
            placeholder="请选择"
            notFoundContent={`没有可选的${parentKind ? kindLabel(parentKind) : "单位"}`}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
