// Reading values a person may have typed or pasted into an address (?state=…&page=…): what is not
// valid reads as nothing, never as an error. The list pages keep their filters in the address.

/** `raw` if it is one of `values`. */
export function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

/** A whole number above 0 of at most 9 digits (ids, pages, page sizes). */
export function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}
