import { useMutation, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Dialog from "antd-mobile/es/components/dialog";
import Toast from "antd-mobile/es/components/toast";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/**
 * 注销志愿者 (volunteer.withdraw), after a confirmation that says what is erased and what is kept.
 * For an application still under review (or rejected) the same call takes it back: 撤回申请.
 */
export function WithdrawButton({ application = false }: { application?: boolean }) {
  const label = application ? "撤回申请" : "注销志愿者";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const withdraw = useMutation(
    trpc.volunteer.withdraw.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.volunteer.pathFilter()),
          queryClient.invalidateQueries(trpc.activity.pathFilter()),
        ]);
        Toast.show({ icon: "success", content: application ? "已撤回申请" : "已注销志愿者" });
      },
      onError: (error) => showServerError(error),
    }),
  );

  const confirm = async () => {
    const ok = await Dialog.confirm({
      title: label,
      content: application ? (
        <div className="withdraw-text" data-testid="volunteer-withdraw-dialog">
          <p>撤回后，您提交的姓名、身份证号、手机号等信息将被删除。</p>
          <p>如需成为志愿者，可随时重新注册。</p>
        </div>
      ) : (
        <div className="withdraw-text" data-testid="volunteer-withdraw-dialog">
          <p>注销后，您的姓名、身份证号、手机号等个人信息将被删除，无法恢复。</p>
          <p>已记录的服务时长将匿名保留，用于社区统计；尚未开始的活动报名将自动取消。</p>
          <p>如需再次成为志愿者，可重新注册。</p>
        </div>
      ),
      confirmText: <span className="danger-text">{application ? "确认撤回" : "确认注销"}</span>,
      cancelText: "再想想",
    });
    if (ok) withdraw.mutate();
  };

  return (
    <div className="volunteer-withdraw">
      <Button
        block
        color="danger"
        fill="outline"
        loading={withdraw.isPending}
        loadingText="请稍候"
        onClick={() => void confirm()}
      >
        {label}
      </Button>
    </div>
  );
}
