import type { PoliticalStatus, ServiceTime, Skill } from "@chuangcheng/domain/rules";
import type { IdNumberCheck } from "../../lib/id-number-check";
import type { Me, MyVolunteer } from "../../lib/trpc";

/** The form's values: the Selector fields hold arrays, even the single choices. */
export interface VolunteerValues {
  name: string;
  idNumber: string;
  mobile: string;
  communityId?: number;
  courtyardId: number;
  politicalStatus: PoliticalStatus[];
  skills: Skill[];
  serviceTimes: ServiceTime[];
  preferredTeamId?: number[];
  guardianConsent?: boolean;
  dataConsent?: boolean;
}

export const required = (message: string) => ({ required: true, message });
export const atLeastOne = (message: string) => ({
  validator: (_: unknown, value: unknown[] | undefined) =>
    value && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(message)),
});
// The server names a bad entry of a list by its index (skills.2); it shows beside the list.
export const FIELD_MAP = Object.fromEntries(
  ["skills", "serviceTimes"].flatMap((f) => Array.from({ length: 9 }, (_, i) => [`${f}.${i}`, f])),
);

export function initialValues(me: Me, previous: MyVolunteer | null): Partial<VolunteerValues> {
  if (!previous) {
    return {
      name: me.name,
      communityId: me.community?.id,
      courtyardId: me.courtyard?.id,
      skills: [],
      serviceTimes: [],
    };
  }
  // 已驳回, corrected: everything comes back except the 身份证号 and the mobile (the server only sends them masked).
  return {
    name: previous.name,
    communityId: me.community?.id ?? previous.communityId,
    courtyardId: previous.courtyardId ?? undefined,
    politicalStatus: previous.politicalStatus ? [previous.politicalStatus] : [],
    skills: previous.skills,
    serviceTimes: previous.serviceTimes,
    preferredTeamId: previous.preferredTeamId ? [previous.preferredTeamId] : [],
  };
}

/** The form's values as volunteer.register's input. */
export function registrationInput(v: VolunteerValues, check: IdNumberCheck) {
  return {
    name: v.name.trim(),
    idNumber: v.idNumber.trim().toUpperCase(),
    mobile: v.mobile.trim(),
    courtyardId: v.courtyardId,
    politicalStatus: v.politicalStatus[0]!,
    skills: v.skills,
    serviceTimes: v.serviceTimes,
    preferredTeamId: v.preferredTeamId?.[0] ?? null,
    guardianConsent: check.state === "valid" && check.rule === "guardian" && v.guardianConsent === true,
    // The rule beside the checkbox keeps an unticked form from being sent; the server checks it again.
    dataConsent: v.dataConsent as true,
  };
}
