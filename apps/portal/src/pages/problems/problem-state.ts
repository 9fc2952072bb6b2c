import {
  PROBLEM_STATE_LABELS,
  RATING_LABELS,
  REJECT_REASON_LABELS,
  type ProblemState,
} from "@chuangcheng/domain/rules";
import type { MyProblem, MyProblemDetail } from "../../lib/trpc";

/** The state tag of a report, as the resident reads it (待受理, 整改中 …), with its colour. */
export const STATE_TAG_COLOR: Record<ProblemState, "success" | "default" | "warning" | "primary" | "danger"> =
  {
    pending: "warning",
    rectifying: "primary",
    reviewing: "primary",
    closed: "success",
    rejected: "default",
  };

export function stateText(p: Pick<MyProblem, "state" | "overdue">): string {
  return p.overdue ? `${PROBLEM_STATE_LABELS[p.state]}（已超期）` : PROBLEM_STATE_LABELS[p.state];
}

/** Where the problem is: 楼院 · 楼栋 · the place text. */
export function placeText(p: Pick<MyProblem, "courtyardName" | "buildingName" | "place">): string {
  return [p.courtyardName, p.buildingName, p.place].filter(Boolean).join(" · ");
}

/** One line under the state: what happens next, in the resident's words. */
export function stateHint(p: MyProblemDetail | MyProblem): string {
  switch (p.state) {
    case "pending":
      return "已提交，等待社区受理。";
    case "rectifying":
      return p.deadline ? `社区已安排整改，整改期限 ${p.deadline}。` : "社区已安排整改。";
    case "reviewing":
      return p.reopenedOnce ? "您对整改结果不满意，社区正在重新复查。" : "已整改，等待社区复查。";
    case "closed":
      return p.canRate ? "问题已办结，请对整改结果进行评价。" : "问题已办结，感谢您的参与。";
    case "rejected": {
      const reason = p.rejectReason ? REJECT_REASON_LABELS[p.rejectReason] : "不予受理";
      return p.referredDepartment
        ? `不予受理（${reason}），已转交${p.referredDepartment}处理。`
        : `不予受理（${reason}）。`;
    }
  }
}

export const ratingText = (p: Pick<MyProblem, "rating">) => (p.rating ? RATING_LABELS[p.rating] : null);
