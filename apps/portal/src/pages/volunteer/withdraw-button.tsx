import { useMutation, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Dialog from "antd-mobile/es/components/dialog";
import Toast from "antd-mobile/es/components/toast";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/** 注销志愿者 (volunteer.withdraw), after a confirmation that says what is erased and what is kept. */
export function WithdrawButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const withdraw = useMutation(
    trpc.volunteer.withdraw.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.volunteer.pathFilter()),
          queryClient.invalidateQueries(trpc.activity.pathFilter()),
        ]);
        Toast.show({ icon: "success", content: "已注销志愿者" });
      },
      onError: (error) => showServerError(error),
    }),
  );

  const confirm = async () => {
    const ok = await Dialog.confirm({
      title: "注销志愿者",
      content: (
        <div className="withdraw-text" data-testid="volunteer-withdraw-dialog">
          <p>注销后，您的姓名、身份证号、手机号等个人信息将被删除，无法恢复。</p>
          <p>已记录的服务时长将匿名保留，用于社区统计；尚未开始的活动报名将自动取消。</p>
          <p>如需再次成为志愿者，可重新注册。</p>
        </div>
      ),
      confirmText: <span className="danger-text">确认注销</span>,
      cancelText: "再想想",
    });
    if (ok) withdraw.mutate();
  };

  return (
    <div className="volunteer-withdraw">
      <Button block color="danger" fill="outline" loading={withdraw.isPending} onClick={() => void confirm()}>
        注销志愿者
      </Button>
    </div>
  );
}
