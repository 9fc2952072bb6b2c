import { z } from "zod";
import { idSchema, optionalText, requiredText } from "../schemas.js";
import { GRADES } from "./rules.js";

// Inputs and outputs of 模拟测评 (self-assessment rounds). Every message names its field, in Chinese.

export const gradeSchema = z.enum(GRADES, { error: "等级须为 A、B、C 或 C#" });

export const assessmentsInput = z.object({ campaignId: idSchema("创城活动"), communityId: idSchema("社区") });
export const assessmentIdInput = z.object({ id: idSchema("模拟测评") });
export const assessInput = z.object({
  campaignId: idSchema("创城活动"),
  communityId: idSchema("社区"),
  title: requiredText("测评名称", 40),
  grades: z
    .array(
      z.object({
        itemId: idSchema("测评标准"),
        grade: gradeSchema,
        note: optionalText("评定说明", 200),
      }),
      { error: "请评定测评标准" },
    )
    .min(1, { error: "请至少评定一项测评标准" })
    .max(500, { error: "评定的项数过多" }),
});

const person = z.object({ id: z.number(), name: z.string() });
const tally = {
  /** The estimated score: points × the grade's share, summed, to 0.01. */
  score: z.number(),
  /** The points of every item on the checklist. */
  points: z.number(),
  items: z.number(),
  graded: z.number(),
};
export const projectScoreOutput = z.object({ project: z.string(), ...tally });
export const assessmentSummaryOutput = z.object({
  id: z.number(),
  campaignId: z.number(),
  communityId: z.number(),
  title: z.string(),
  createdBy: person.nullable(),
  createdAt: z.string(),
  ...tally,
  projects: z.array(projectScoreOutput),
});
export const gradedItemOutput = z.object({
  itemId: z.number(),
  sort: z.number(),
  project: z.string(),
  content: z.string(),
  standard: z.string(),
  points: z.number(),
  grade: gradeSchema.nullable(),
  note: z.string().nullable(),
  /** points × the grade's share, to 0.01; 0 when not graded */
  score: z.number(),
});
export const assessmentOutput = assessmentSummaryOutput.extend({
  mayEdit: z.boolean(),
  items: z.array(gradedItemOutput),
});
