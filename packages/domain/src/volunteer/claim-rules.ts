// Claiming a record imported from a paper form: what the resident is shown and what they must know.
// Pure: safe in a browser (see ../rules.ts).

/** Wrong last-4 entries allowed per account in a day before claiming stops until the next day. */
export const CLAIM_MAX_FAILURES = 5;
export const CLAIM_WINDOW_MS = 24 * 60 * 60 * 1000;

/** 王小红 -> 王*红, 王红 -> 王*, 欧阳小峰 -> 欧**峰: enough for a person to recognise their own name. */
export function maskNameForClaim(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join("");
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
}

/**
 * The 身份证号 as the claim shows it: the first four characters (province and city) only, since the
 * resident proves the claim with the last four (620102********123X -> 6201**************).
 */
export function idNumberHintForClaim(masked: string): string {
  return `${masked.slice(0, 4)}${"*".repeat(14)}`;
}

/** The last four characters as typed: trimmed, X in either case. */
export function normalizeIdLast4(input: string): string {
  return input.trim().toUpperCase();
}

/** Whether `input` is the last four characters of the (masked) 身份证号; an X may be typed as x. */
export function idLast4Matches(masked: string, input: string): boolean {
  const last4 = masked.slice(-4).toUpperCase();
  return /^\d{3}[\dX]$/.test(last4) && normalizeIdLast4(input) === last4;
}
