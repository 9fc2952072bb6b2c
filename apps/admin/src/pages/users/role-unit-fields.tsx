import { Form, Select, type FormInstance } from "antd";
import { useQuery } from "@tanstack/react-query";
import { ROLE_LABELS, ROLE_UNIT_KIND, type Role } from "@chuangcheng/domain/rules";
import { grantableRoles, useMe } from "../../lib/auth";
import { kindLabel, unitOptions } from "../../lib/org-tree";
import { useTRPC } from "../../lib/trpc";

export interface RoleUnitValues {
  role?: Role;
  unitId?: number | null;
}

/**
 * 角色 and 所属单位: the unit picker lists only units of the kind the role is held at (网格员 at a 网格,
 * 社区管理员 at a 社区 …) that the user manages; a 系统管理员 is held at no unit.
 */
export function RoleUnitFields({ form }: { form: FormInstance }) {
  const trpc = useTRPC();
  const me = useMe();
  const tree = useQuery(trpc.org.tree.queryOptions());
  const role = Form.useWatch<Role | undefined>("role", form);
  const unitKind = role ? ROLE_UNIT_KIND[role] : null;
  const roles = grantableRoles(me.data);
  const options = unitKind ? unitOptions(tree.data ?? [], unitKind, (u) => u.canManage) : [];

  return (
    <>
      <Form.Item label="角色" name="role" rules={[{ required: true, message: "请选择角色" }]}>
        <Select
          placeholder="请选择角色"
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          onChange={() => form.setFieldValue("unitId", undefined)}
        />
      </Form.Item>
      {role === "system_admin" ? (
        <Form.Item label="所属单位" extra="系统管理员管理全部单位，不设所属单位">
          <Select disabled placeholder="全部" />
        </Form.Item>
      ) : (
        <Form.Item
          label="所属单位"
          name="unitId"
          extra={unitKind ? `${ROLE_LABELS[role!]}设在${kindLabel(unitKind)}` : "先选择角色"}
          rules={[{ required: true, message: unitKind ? `请选择${kindLabel(unitKind)}` : "请选择单位" }]}
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            disabled={!unitKind}
            loading={tree.isPending}
            options={options}
            placeholder={unitKind ? `请选择${kindLabel(unitKind)}` : "先选择角色"}
            notFoundContent={unitKind ? `没有可选的${kindLabel(unitKind)}` : null}
          />
        </Form.Item>
      )}
    </>
  );
}

/** The unitId the server expects: null for a system admin. */
export function unitIdFor(values: RoleUnitValues): number | null {
  return values.role === "system_admin" ? null : (values.unitId ?? null);
}
