import type { ResidentActivity } from "../../lib/trpc";

/** Where an activity stands for the resident looking at it. */
export type SignupState = "cancelled" | "signed" | "ended" | "started" | "full" | "open";

export function signupState(a: ResidentActivity, now = Date.now()): SignupState {
  if (a.status === "cancelled") return "cancelled";
  if (a.mySignup?.status === "signed") return "signed";
  if (now >= Date.parse(a.endsAt)) return "ended";
  if (now >= Date.parse(a.startsAt)) return "started";
  if (a.signedCount >= a.capacity) return "full";
  return "open";
}

export const SIGNUP_STATE_TEXT: Record<SignupState, string> = {
  cancelled: "活动已取消",
  signed: "已报名",
  ended: "已结束",
  started: "进行中",
  full: "名额已满",
  open: "可报名",
};

export const SIGNUP_STATE_COLOR: Record<
  SignupState,
  "success" | "default" | "warning" | "primary" | "danger"
> = {
  cancelled: "default",
  signed: "success",
  ended: "default",
  started: "warning",
  full: "danger",
  open: "primary",
};
