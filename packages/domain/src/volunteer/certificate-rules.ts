// Rules of the 志愿服务证明 that need no database: the verification code and the period.
// The code is made here with node:crypto; the rest is pure.
import { randomBytes } from "node:crypto";
import { InvalidTransitionError } from "../errors.js";

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 characters of 5 bits: 100 random bits, far past guessing. */
export const CODE_LENGTH = 20;
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;

/** A new verification code: 20 characters from 13 random bytes (the last 4 bits unused). */
export function newCertificateCode(): string {
  const bytes = randomBytes(13);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < CODE_LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** ABCD-EFGH-…: the code in groups of four, as printed. */
export function formatCertificateCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/**
 * The stored form of a code as a person or a scanner gives it (dashes, spaces, lower case, O for 0,
 * I or L for 1), or null when it cannot be one: such input is 证明无效 without any lookup.
 */
export function normalizeCertificateCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  return CODE_PATTERN.test(code) ? code : null;
}

/** The longest period one certificate covers. */
export const MAX_PERIOD_YEARS = 10;

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, "0")}${date.slice(4)}`;
}

/**
 * What is wrong with a period of service (China dates, YYYY-MM-DD) on `today`, naming the field, or null.
 * Both ends lie on or before today; the end is not before the start; at most 10 years.
 */
export function periodProblem(
  periodStart: string,
  periodEnd: string,
  today: string,
): { field: "periodStart" | "periodEnd"; message: string } | null {
  if (periodStart > today) return { field: "periodStart", message: "开始日期不能晚于今天" };
  if (periodEnd > today)
    return { field: "periodEnd", message: "结束日期不能晚于今天：证明只能包含已完成的服务" };
  if (periodEnd < periodStart) return { field: "periodEnd", message: "结束日期不能早于开始日期" };
  if (periodEnd >= addYears(periodStart, MAX_PERIOD_YEARS))
    return { field: "periodStart", message: `开始日期有误：证明期间不能超过${MAX_PERIOD_YEARS}年` };
  return null;
}

/** "2026-03-01" -> "2026年3月1日", as Chinese documents write dates. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Minutes as hours the way the certificate prints them: 90 -> "1.5", 120 -> "2". */
export function hoursText(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}

/** A certificate stands (有效) until an admin revokes it (已撤销); nothing brings it back: a new one is issued. */
export type CertificateState = "valid" | "revoked";

/** The one move of a certificate: 撤销, from 有效 only. */
export function certificateTransition(state: CertificateState, action: "revoke"): CertificateState {
  if (action === "revoke" && state === "valid") return "revoked";
  throw new InvalidTransitionError("该证明已撤销");
}
