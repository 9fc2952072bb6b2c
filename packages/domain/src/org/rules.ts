import type { OrgKind } from "../db/database.js";

// 街道 > 社区 > 网格 > 楼院 > 楼栋: each kind has exactly one kind of parent.

export const ORG_KINDS = ["street", "community", "grid", "courtyard", "building"] as const;

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  street: "街道",
  community: "社区",
  grid: "网格",
  courtyard: "楼院",
  building: "楼栋",
};

export const PARENT_KIND: Record<OrgKind, OrgKind | null> = {
  street: null,
  community: "street",
  grid: "community",
  courtyard: "grid",
  building: "courtyard",
};

export function childKindOf(kind: OrgKind): OrgKind | null {
  return ORG_KINDS.find((k) => PARENT_KIND[k] === kind) ?? null;
}

/** Null when a unit of `kind` may sit under a parent of `parentKind`; else the reason, in Chinese. */
export function placementError(kind: OrgKind, parentKind: OrgKind | null): string | null {
  const expected = PARENT_KIND[kind];
  if (expected === parentKind) return null;
  if (expected === null) return `${ORG_KIND_LABELS[kind]}是最上级单位，不能放在其他单位之下`;
  return `${ORG_KIND_LABELS[kind]}只能放在${ORG_KIND_LABELS[expected]}之下`;
}

/** The kinds of unit with an office residents can call or visit: their contact is public. */
export const CONTACT_KINDS: readonly OrgKind[] = ["street", "community"];

/** A landline with its area code (0931-8123456, 09318123456, 010-12345678-801) or a mobile. */
export const CONTACT_PHONE_PATTERN = /^(?:0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9})$/;
export const CONTACT_PHONE_MESSAGE = "联系电话应为带区号的座机（如0931-8123456）或11位手机号";
export const OFFICE_ADDRESS_MAX = 60;
export const OFFICE_HOURS_MAX = 40;
