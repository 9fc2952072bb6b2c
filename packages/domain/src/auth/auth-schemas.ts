import { z } from "zod";
import { idSchema, mobileSchema, newPasswordSchema, pageSchema, personNameSchema } from "../schemas.js";
import { PERMISSIONS, ROLES } from "./rules.js";
import { MOBILE_PASSWORD_MESSAGE, usesMobile } from "./common-passwords.js";

export const roleSchema = z.enum(ROLES, { error: "请选择角色" });

/** For a form that sets an account's password beside its mobile: the one must not be the other. */
const passwordNotMobile = (v: { mobile: string; password: string }) => !usesMobile(v.password, v.mobile);
const onPassword = { path: ["password"], error: MOBILE_PASSWORD_MESSAGE };

export const registerResidentInput = z
  .object({
    mobile: mobileSchema,
    password: newPasswordSchema,
    name: personNameSchema,
    communityId: idSchema("所在社区"),
    courtyardId: idSchema("所在楼院"),
  })
  .refine(passwordNotMobile, onPassword);

export const loginInput = z.object({
  mobile: mobileSchema,
  // No length rule here: a login form must not teach the password policy to a guesser.
  password: z.string({ error: "请输入密码" }).min(1, { error: "请输入密码" }).max(200, { error: "密码过长" }),
});

export const changePasswordInput = z.object({
  oldPassword: z
    .string({ error: "请输入原密码" })
    .min(1, { error: "请输入原密码" })
    .max(200, { error: "密码过长" }),
  newPassword: newPasswordSchema,
});

export const deleteAccountInput = z.object({
  password: z.string({ error: "请输入密码" }).min(1, { error: "请输入密码" }).max(200, { error: "密码过长" }),
});

export const grantSchema = z.object({
  id: z.number(),
  role: roleSchema,
  unitId: z.number().nullable(),
  unitName: z.string(),
});

const unitRefSchema = z.object({ id: z.number(), name: z.string() }).nullable();

export const meOutput = z.object({
  id: z.number(),
  name: z.string(),
  mobile: z.string(),
  community: unitRefSchema,
  courtyard: unitRefSchema,
  grants: z.array(grantSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** logged in with a temporary password: everything but changing it is refused until then */
  mustChangePassword: z.boolean(),
  /** the portal's 关怀模式 as last chosen on this account; null until chosen (the phone's own choice stands) */
  careMode: z.boolean().nullable(),
});

export const setCareModeInput = z.object({ on: z.boolean({ error: "请选择是否开启关怀模式" }) });

export const sessionOutput = z.object({ userId: z.number(), expiresAt: z.string() });

export const searchUsersInput = z.object({
  q: z.string().trim().max(30, { error: "搜索词最多30个字" }).optional(),
  role: roleSchema.optional(),
  ...pageSchema,
});

export const userRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  mobile: z.string(),
  communityName: z.string().nullable(),
  courtyardName: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantSchema),
  /** a temporary password from a reset is still waiting to be changed */
  mustChangePassword: z.boolean(),
});

export const searchUsersOutput = z.object({ total: z.number(), items: z.array(userRowSchema) });

const unitIdOrNull = z.number({ error: "请选择单位" }).int().positive({ error: "单位无效" }).nullable();

export const createStaffInput = z
  .object({
    mobile: mobileSchema,
    name: personNameSchema,
    password: newPasswordSchema,
    role: roleSchema,
    unitId: unitIdOrNull,
  })
  .refine(passwordNotMobile, onPassword);

export const grantRoleInput = z.object({ userId: idSchema("用户"), role: roleSchema, unitId: unitIdOrNull });
export const revokeRoleInput = z.object({ grantId: idSchema("角色授权") });

export const resetPasswordInput = z.object({ userId: idSchema("用户") });
/** The temporary password, in the clear this once only. */
export const resetPasswordOutput = z.object({ temporaryPassword: z.string(), expiresAt: z.string() });

export const requestResetCodeInput = z.object({ mobile: mobileSchema });

export const resetPasswordWithCodeInput = z
  .object({
    mobile: mobileSchema,
    code: z
      .string({ error: "请输入验证码" })
      .trim()
      .regex(/^\d{6}$/, { error: "验证码应为6位数字" }),
    newPassword: newPasswordSchema,
  })
  .refine((v) => !usesMobile(v.newPassword, v.mobile), { path: ["newPassword"], error: MOBILE_PASSWORD_MESSAGE });

export const smsAvailableOutput = z.object({ available: z.boolean() });
