import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Checkbox from "antd-mobile/es/components/checkbox";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import List from "antd-mobile/es/components/list";
import Popup from "antd-mobile/es/components/popup";
import Toast from "antd-mobile/es/components/toast";
import ExclamationCircleOutline from "antd-mobile-icons/es/ExclamationCircleOutline";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type Me } from "../../lib/trpc";
import "./delete-account.css";

interface DeleteAccountValues {
  understood: boolean;
  password: string;
}

/** What 注销账号 does, in the words the resident reads before confirming (auth.deleteAccount). */
function Consequences() {
  return (
    <ul className="delete-account-list" data-testid="delete-account-consequences">
      <li>您的志愿者登记与个人信息（姓名、手机号、身份证号、所在楼院）将被删除。</li>
      <li>已获得的志愿服务时长将匿名保留，仅用于社区统计。</li>
      <li>您报名且尚未开始的活动将被取消，名额让给其他居民。</li>
      <li>注销后将退出登录，此操作不可恢复。该手机号以后可以重新注册，但不会找回原账号的任何信息。</li>
    </ul>
  );
}

function DeleteAccountSheet({ onClose, onDeleted }: { onClose: () => void; onDeleted: () => void }) {
  const trpc = useTRPC();
  const [form] = Form.useForm<DeleteAccountValues>();
  const remove = useMutation(
    trpc.auth.deleteAccount.mutationOptions({
      onSuccess: () => {
        Toast.show({ icon: "success", content: "账号已注销" });
        onDeleted();
      },
      // A wrong password, or "too many attempts", shows beside the password field.
      onError: (error) => showServerError(error, { form, fallbackField: "password" }),
    }),
  );
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="delete-account-title"
      data-testid="delete-account-sheet"
    >
      <h2 id="delete-account-title" className="delete-account-title">
        注销账号
      </h2>
      <div className="delete-account-warning" role="note">
        <ExclamationCircleOutline aria-hidden className="delete-account-warning-icon" />
        <span>注销后，您的账号将被永久删除：</span>
      </div>
      <Consequences />
      <Form
        form={form}
        name="deleteAccount"
        layout="vertical"
        requiredMarkStyle="none"
        onFinish={(v: DeleteAccountValues) => remove.mutate({ password: v.password })}
        footer={
          <div className="delete-account-actions">
            <Button block fill="outline" size="large" onClick={onClose} disabled={remove.isPending}>
              再想想
            </Button>
            <Button
              block
              type="submit"
              color="danger"
              size="large"
              loading={remove.isPending}
              loadingText="请稍候"
            >
              确认注销
            </Button>
          </div>
        }
      >
        <Form.Item
          name="understood"
          valuePropName="checked"
          data-testid="delete-account-understood"
          rules={[
            {
              validator: (_: unknown, checked: unknown) =>
                checked ? Promise.resolve() : Promise.reject(new Error("请确认您已了解注销的后果")),
            },
          ]}
        >
          <Checkbox>我已了解以上内容，确认注销账号</Checkbox>
        </Form.Item>
        <Form.Item label="登录密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
          <Input type="password" autoComplete="current-password" placeholder="输入登录密码以确认是本人操作" />
        </Form.Item>
      </Form>
    </div>
  );
}

/**
 * 注销账号 on 我的: residents open a sheet that says what happens and asks for their password; staff
 * accounts are managed by admins, so they are told whom to ask instead.
 */
export function DeleteAccountSection({ me, onDeleted }: { me: Me; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const staff = me.grants.some((g) => g.role !== "resident");
  return (
    <>
      <List header="账号" mode="card" className="me-account">
        {staff ? (
          <List.Item
            description="工作人员账号由管理员管理，如需注销请联系管理员"
            disabled
            data-testid="me-delete-account"
          >
            注销账号
          </List.Item>
        ) : (
          <List.Item
            onClick={() => setOpen(true)}
            description="删除账号及个人信息"
            data-testid="me-delete-account"
          >
            注销账号
          </List.Item>
        )}
      </List>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        showCloseButton
        bodyClassName="delete-account-popup"
        destroyOnClose
      >
        <DeleteAccountSheet onClose={() => setOpen(false)} onDeleted={onDeleted} />
      </Popup>
    </>
  );
}
