// 居民身份证号 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male),
// and a check character computed over the first 17 digits. Pure: safe in a browser.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

export type IdNumberError = "length" | "format" | "checksum" | "birth_date" | "future";

export interface IdNumberInfo {
  /** upper-cased, trimmed: the form that is stored and compared */
  normalized: string;
  gender: "male" | "female";
  /** YYYY-MM-DD */
  birthDate: string;
}

export const ID_NUMBER_MESSAGES: Record<IdNumberError, string> = {
  length: "身份证号应为18位",
  format: "身份证号前17位应为数字，最后一位为数字或X",
  checksum: "身份证号校验位不正确，请核对",
  birth_date: "身份证号中的出生日期不是有效日期",
  future: "身份证号中的出生日期晚于今天",
};

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Reads a 身份证号; a lower-case x counts as X. `today` is a YYYY-MM-DD date in China time. */
export function parseIdNumber(
  raw: string,
  today: string,
): { ok: true; info: IdNumberInfo } | { ok: false; error: IdNumberError } {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, error: "length" };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: "format" };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return { ok: false, error: "birth_date" };
  }
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, error: "checksum" };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, error: "future" };
  return { ok: true, info: { normalized: id, gender: Number(id[16]) % 2 === 1 ? "male" : "female", birthDate } };
}

/** Full years of age on `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** 110105194912310021 -> 110105********0021: the most of a 身份证号 that leaves the server. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : "******************";
}

/** Under 14: register through the office; 14-17: a guardian's consent is needed. */
export function ageRule(age: number): "refused" | "guardian" | "adult" {
  if (age < 14) return "refused";
  if (age < 18) return "guardian";
  return "adult";
}
