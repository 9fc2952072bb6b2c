import { z } from "zod";
import { calendarDateSchema, idSchema, requiredText } from "../schemas.js";

// Inputs and outputs of the 志愿服务证明 procedures (certificate-router.ts).

export const certificateRequestInput = z.object({
  /** absent: the caller's own registration */
  volunteerId: idSchema("志愿者").optional(),
  periodStart: calendarDateSchema("开始日期"),
  periodEnd: calendarDateSchema("结束日期"),
});

export const certificateListInput = z.object({ volunteerId: idSchema("志愿者").optional() });

export const revokeCertificateInput = z.object({
  id: idSchema("证明"),
  reason: requiredText("撤销原因", 200),
});

/** Any text: what is not a well-formed code is 证明无效, not an error (the page shows that). */
export const verifyCertificateInput = z.object({
  code: z.string({ error: "请输入验证码" }).max(1000, { error: "验证码不正确" }),
});

const activity = z.object({ date: z.string(), title: z.string(), hours: z.number() });

export const certificatePreviewOutput = z.object({
  volunteerId: z.number(),
  name: z.string(),
  idNumber: z.string(),
  communityName: z.string(),
  registeredOn: z.string().nullable(),
  periodStart: z.string(),
  periodEnd: z.string(),
  hours: z.number(),
  activities: z.array(activity),
  star: z.string(),
});

export const issuedCertificateOutput = certificatePreviewOutput.extend({
  id: z.number(),
  code: z.string(),
  issuedOn: z.string(),
});

export const certificateListOutput = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      hours: z.number(),
      issuedAt: z.string(),
      issuedByName: z.string().nullable(),
      revokedAt: z.string().nullable(),
      revokeReason: z.string().nullable(),
    }),
  ),
});

/** The public page's answer: the name and 身份证号 masked, never more. */
export const verifyCertificateOutput = z.strictObject({
  status: z.enum(["valid", "revoked", "invalid"]),
  code: z.string().nullable(),
  certificate: z
    .strictObject({
      name: z.string().regex(/^.\*+$/u, { error: "姓名须已打码" }),
      idNumber: z.string().regex(/^(\d{6}\*{8}\d{3}[\dX]|\*{18}|)$/, { error: "身份证号须已打码" }),
      communityName: z.string(),
      registeredOn: z.string().nullable(),
      periodStart: z.string(),
      periodEnd: z.string(),
      hours: z.number(),
      activities: z.array(z.strictObject({ date: z.string(), title: z.string(), hours: z.number() })),
      star: z.string(),
      issuer: z.string(),
      issuedOn: z.string(),
    })
    .nullable(),
  revokedOn: z.string().nullable(),
  note: z.string().nullable(),
});
