import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Selector from "antd-mobile/es/components/selector";
import TextArea from "antd-mobile/es/components/text-area";
import Toast from "antd-mobile/es/components/toast";
import { COMMENT_MAX, RATINGS, RATING_LABELS, type ProblemRating } from "@chuangcheng/domain/rules";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type MyProblemDetail } from "../../lib/trpc";

interface RatingValues {
  rating?: ProblemRating[];
  comment?: string;
}

const OPTIONS = RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] }));

/** What 提交 will do with the chosen rating: the first 不满意 sends the problem back for 复查. */
function outcomeText(rating: ProblemRating | undefined, reopenedOnce: boolean): string {
  if (rating === "unsatisfied" && !reopenedOnce) {
    return "选择“不满意”提交后，问题将退回社区重新复查，复查结果会再通知您。每个问题只能退回一次。";
  }
  if (reopenedOnce) return "该问题已因不满意重新复查过一次，本次评价将作为最终评价。";
  return "评价提交后不能修改。如选择“不满意”，问题将退回社区重新复查（仅一次）。";
}

/** 评价: 满意 / 基本满意 / 不满意 with a comment, once the problem is 已办结 and not yet rated. */
export function RatingForm({ problem }: { problem: MyProblemDetail }) {
  const trpc = useTRPC();
  const [form] = Form.useForm<RatingValues>();
  const chosen = Form.useWatch<ProblemRating[] | undefined>("rating", form)?.[0];
  const rate = useMutation(
    trpc.problem.rate.mutationOptions({
      onSuccess: ({ reopened }) =>
        Toast.show({
          icon: "success",
          content: reopened ? "已退回社区重新复查" : "感谢您的评价",
        }),
      onError: (error) => showServerError(error, { form }),
    }),
  );
  return (
    <section className="problem-section" aria-labelledby="problem-rating-title" data-testid="problem-rating">
      <h2 id="problem-rating-title" className="problem-section-title">
        评价整改结果
      </h2>
      <Form
        form={form}
        name="rating"
        layout="vertical"
        requiredMarkStyle="none"
        onFinish={(v: RatingValues) =>
          rate.mutate({ id: problem.id, rating: v.rating![0]!, comment: v.comment?.trim() || null })
        }
        footer={
          <>
            <p className="problem-rating-outcome" aria-live="polite" data-testid="problem-rating-outcome">
              {outcomeText(chosen, problem.reopenedOnce)}
            </p>
            <Button
              block
              type="submit"
              color="primary"
              size="large"
              loading={rate.isPending}
              loadingText="正在提交"
            >
              提交评价
            </Button>
          </>
        }
      >
        <Form.Item
          label="您对整改结果是否满意"
          name="rating"
          rules={[
            {
              validator: (_, v: unknown[] | undefined) =>
                v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error("请选择评价")),
            },
          ]}
        >
          <Selector columns={3} options={OPTIONS} />
        </Form.Item>
        <Form.Item
          label="评价内容（选填）"
          name="comment"
          rules={[{ max: COMMENT_MAX, message: `评价内容最多${COMMENT_MAX}字` }]}
        >
          <TextArea
            placeholder={chosen === "unsatisfied" ? "请说明哪里还没有解决" : "说说您的看法"}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={COMMENT_MAX}
            showCount
          />
        </Form.Item>
      </Form>
    </section>
  );
}
