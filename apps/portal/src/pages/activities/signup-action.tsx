import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Dialog from "antd-mobile/es/components/dialog";
import Toast from "antd-mobile/es/components/toast";
import { errorMessage } from "../../lib/server-errors";
import { errorCode, useTRPC, type ResidentActivity } from "../../lib/trpc";
import { signupState } from "./activity-state";

const NOT_REGISTERED = "请先完成志愿者注册并通过审核";

/**
 * The bar at the bottom of an activity: 报名 (activity.signUp), 取消报名 (activity.cancelSignup, only
 * before the start), or why neither is possible (名额已满, not a registered volunteer yet …).
 */
export function SignupAction({ activity: a }: { activity: ResidentActivity }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.activity.pathFilter()),
      queryClient.invalidateQueries(trpc.volunteer.mine.queryFilter()),
    ]);
  const failed = (error: unknown) => {
    // 名额已满 and the like: say so plainly, and show the figures as they are now.
    void refresh();
    void Dialog.alert({
      title: errorCode(error) === "CONFLICT" ? "报名未成功" : "操作未成功",
      content: <span data-testid="activity-signup-error">{errorMessage(error)}</span>,
      confirmText: "知道了",
    });
  };
  const signUp = useMutation(
    trpc.activity.signUp.mutationOptions({
      onSuccess: async () => {
        await refresh();
        Toast.show({ icon: "success", content: "报名成功" });
      },
      onError: failed,
    }),
  );
  const cancel = useMutation(
    trpc.activity.cancelSignup.mutationOptions({
      onSuccess: async () => {
        await refresh();
        Toast.show({ icon: "success", content: "已取消报名" });
      },
      onError: failed,
    }),
  );

  const state = signupState(a);
  const volunteer = mine.data;
  const registered = volunteer?.status === "registered";
  let note: string | null = null;
  let action: ReactNode;

  if (state === "signed") {
    const before = Date.now() < Date.parse(a.startsAt);
    note = before ? "您已报名，请按时参加。活动开始前可取消报名。" : "活动开始后请扫描现场二维码签到、签退。";
    action = before ? (
      <Button
        block
        color="danger"
        fill="outline"
        size="large"
        data-testid="activity-cancel"
        loading={cancel.isPending}
        loadingText="请稍候"
        onClick={async () => {
          const ok = await Dialog.confirm({
            content: "确定取消报名吗？名额将留给其他居民。",
            confirmText: "确定取消",
            cancelText: "不取消",
          });
          if (ok) cancel.mutate({ activityId: a.id });
        }}
      >
        取消报名
      </Button>
    ) : (
      <Button block size="large" disabled>
        已报名
      </Button>
    );
  } else if (state !== "open") {
    const text = {
      cancelled: "活动已取消",
      ended: "活动已结束",
      started: "活动已开始，报名已截止",
      full: "名额已满",
    }[state];
    action = (
      <Button block size="large" disabled data-testid="activity-signup-closed">
        {text}
      </Button>
    );
  } else if (mine.isSuccess && !registered) {
    note = volunteer?.status === "pending" ? "您的志愿者注册正在审核，通过后即可报名。" : NOT_REGISTERED;
    action =
      volunteer?.status === "pending" ? (
        <Button block size="large" onClick={() => navigate("/volunteer")}>
          查看审核状态
        </Button>
      ) : (
        <Button
          block
          color="primary"
          size="large"
          onClick={() => navigate(volunteer ? "/volunteer" : "/volunteer/register")}
        >
          {volunteer ? "查看志愿者注册" : "去注册志愿者"}
        </Button>
      );
  } else {
    note = `剩余 ${a.capacity - a.signedCount} 个名额`;
    action = (
      <Button
        block
        color="primary"
        size="large"
        data-testid="activity-signup"
        loading={signUp.isPending}
        loadingText="请稍候"
        disabled={mine.isPending}
        onClick={() => signUp.mutate({ activityId: a.id })}
      >
        报名
      </Button>
    );
  }

  return (
    <div className="signup-bar" data-testid="activity-action">
      {note && (
        <p className="signup-note" data-testid="activity-signup-note">
          {note}
        </p>
      )}
      {action}
    </div>
  );
}
