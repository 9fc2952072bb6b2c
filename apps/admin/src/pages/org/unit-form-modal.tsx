import { App, Form, Input, InputNumber, Modal, Typography } from "antd";
import { useMutation } from "@tanstack/react-query";
import {
  CONTACT_KINDS,
  CONTACT_PHONE_MESSAGE,
  CONTACT_PHONE_PATTERN,
  OFFICE_ADDRESS_MAX,
  OFFICE_HOURS_MAX,
  childKindOf,
  type OrgKind,
} from "@chuangcheng/domain/rules";
import { kindLabel } from "../../lib/org-tree";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type OrgUnit } from "../../lib/trpc";
import { useOrgChanged } from "./use-org-changed";

export type UnitFormMode = { kind: "create"; parent: OrgUnit | null } | { kind: "edit"; unit: OrgUnit };

interface Values {
  name: string;
  households?: number | null;
  population?: number | null;
  contactPhone?: string | null;
  officeAddress?: string | null;
  officeHours?: string | null;
}

/** The kind a new unit gets: it follows from the parent (网格 under 社区 …); with no parent, a 街道. */
function targetKind(mode: UnitFormMode): OrgKind | null {
  if (mode.kind === "edit") return mode.unit.kind;
  return mode.parent ? childKindOf(mode.parent.kind) : "street";
}

/** 新增下级 (org.create) and 编辑 (org.update): 名称, and for a 社区 户数 and 常住人口. */
export function UnitFormModal(props: {
  mode: UnitFormMode;
  onClose: () => void;
  onDone?: (id: number) => void;
}) {
  // Mounted while open: the form starts from the unit's values each time.
  const { mode, onClose, onDone } = props;
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const orgChanged = useOrgChanged();
  const [form] = Form.useForm<Values>();
  const kind = targetKind(mode);
  const label = kind ? kindLabel(kind) : "单位";
  // A 网格 may carry its own figures too, for the per-网格 volunteer registration ratio.
  const withCounts = kind === "community" || kind === "grid";
  // A 社区 or 街道 office: residents who forgot their password call it (忘记密码 shows it).
  const withContact = kind !== null && CONTACT_KINDS.includes(kind);

  const initialValues: Values =
    mode.kind === "edit"
      ? {
          name: mode.unit.name,
          households: mode.unit.households,
          population: mode.unit.population,
          contactPhone: mode.unit.contactPhone,
          officeAddress: mode.unit.officeAddress,
          officeHours: mode.unit.officeHours,
        }
      : { name: "" };

  const onError = (error: unknown) => showError(error, { form, fieldMap: { parentId: "name" } });
  const create = useMutation(
    trpc.org.create.mutationOptions({
      onSuccess: async (res, input) => {
        await orgChanged();
        void message.success(`已新增${label}“${input.name}”`);
        onClose();
        onDone?.(res.id);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.org.update.mutationOptions({
      onSuccess: async (_res, input) => {
        await orgChanged();
        void message.success("已保存");
        onClose();
        onDone?.(input.id);
      },
      onError,
    }),
  );

  const submit = (v: Values) => {
    const counts = withCounts ? { households: v.households ?? null, population: v.population ?? null } : {};
    // An emptied field is sent as "" and clears the value.
    const contact = withContact
      ? {
          contactPhone: v.contactPhone?.trim() ?? "",
          officeAddress: v.officeAddress?.trim() ?? "",
          officeHours: v.officeHours?.trim() ?? "",
        }
      : {};
    if (mode.kind === "create")
      create.mutate({ parentId: mode.parent?.id ?? null, name: v.name.trim(), ...counts, ...contact });
    else update.mutate({ id: mode.unit.id, name: v.name.trim(), ...counts, ...contact });
  };

  const title = mode.kind === "create" ? `新增${label}` : `编辑${label}`;
  return (
    <Modal
      title={title}
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {mode.kind === "create" && mode.parent && (
        <Typography.Paragraph type="secondary">
          上级单位：{mode.parent.name}（{kindLabel(mode.parent.kind)}）
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        name="unitForm"
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
      >
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: "请输入名称" },
            { max: 50, message: "名称最多50个字" },
          ]}
        >
          <Input placeholder={`${label}名称`} maxLength={50} autoFocus />
        </Form.Item>
        {withCounts && (
          <>
            <Form.Item label="户数" name="households">
              <InputNumber min={0} precision={0} style={{ width: "100%" }} placeholder={`全${label}户数`} />
            </Form.Item>
            <Form.Item label="常住人口" name="population" extra="志愿者注册率等比例按常住人口计算">
              <InputNumber min={0} precision={0} style={{ width: "100%" }} placeholder="常住人口数" />
            </Form.Item>
          </>
        )}
        {withContact && (
          <>
            <Form.Item
              label="联系电话"
              name="contactPhone"
              extra="公开显示在居民端“忘记密码”页，居民据此联系社区重置密码"
              rules={[
                {
                  pattern: CONTACT_PHONE_PATTERN,
                  message: CONTACT_PHONE_MESSAGE,
                  transform: (v: string) => v?.trim(),
                },
              ]}
            >
              <Input placeholder="如 0931-8123456" maxLength={20} inputMode="tel" />
            </Form.Item>
            <Form.Item label="办公地址" name="officeAddress">
              <Input placeholder={`如 东街12号 ${label}党群服务中心`} maxLength={OFFICE_ADDRESS_MAX} />
            </Form.Item>
            <Form.Item label="办公时间" name="officeHours">
              <Input placeholder="如 周一至周五 8:30-12:00，14:30-18:00" maxLength={OFFICE_HOURS_MAX} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
