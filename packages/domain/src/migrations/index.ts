import type { Migration } from "kysely/migration";
import * as m20261129Initial from "./2026-11-29T0000-initial.js";
import * as m20261129Volunteers from "./2026-11-29T0100-volunteers.js";
import * as m20261202AccountSecurity from "./2026-12-02T0000-account-security.js";
import * as m20261202PasswordReset from "./2026-12-02T0100-password-reset.js";
import * as m20261202ClaimsAndTeamArchive from "./2026-12-02T0300-claims-and-team-archive.js";
import * as m20261203VolunteerMobileSearch from "./2026-12-03T0000-volunteer-mobile-search.js";
import * as m20261203VolunteerNamePrefixPostgres from "./2026-12-03T0100-volunteer-name-prefix-postgres.js";
import * as m20261204CareMode from "./2026-12-04T0000-care-mode.js";
import * as m20261204Files from "./2026-12-04T0100-files.js";
import * as m20261204Notifications from "./2026-12-04T0200-notifications.js";
import * as m20261204Problems from "./2026-12-04T0300-problems.js";
import * as m20261204ProblemListIndexes from "./2026-12-04T0400-problem-list-indexes.js";
import * as m20261205ProblemTallies from "./2026-12-05T0000-problem-tallies.js";
import * as m20261205ProblemPageIndexes from "./2026-12-05T0100-problem-page-indexes.js";
import * as m20261205Board from "./2026-12-05T0200-board.js";
import * as m20261206BoardRevision from "./2026-12-06T0000-board-revision.js";
import * as m20261207Campaigns from "./2026-12-07T0000-campaigns.js";
import * as m20261208Documents from "./2026-12-08T0000-documents.js";
import * as m20261209CampaignReadinessIndexes from "./2026-12-09T0000-campaign-readiness-indexes.js";
import * as m20261210ReadinessCountIndexes from "./2026-12-10T0000-readiness-count-indexes.js";
import * as m20261210DutyCalendar from "./2026-12-10T0100-duty-calendar.js";
import * as m20261211Tasks from "./2026-12-11T0000-tasks.js";
import * as m20261212ReadinessTallies from "./2026-12-12T0000-readiness-tallies.js";
import * as m20261212TaskSupervision from "./2026-12-12T0100-task-supervision.js";
import * as m20261213TaskUnitStateIndex from "./2026-12-13T0000-task-unit-state-index.js";
import * as m20261214VolunteerCertificate from "./2026-12-14T0000-volunteer-certificate.js";
import * as m20261214SummaryDraft from "./2026-12-14T0100-summary-draft.js";
import * as m20261215VolunteerRosterOrder from "./2026-12-15T0000-volunteer-roster-order.js";
import * as m20261216VolunteerNameGrams from "./2026-12-16T0000-volunteer-name-grams.js";

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  "2026-11-29T0000-initial": m20261129Initial,
  "2026-11-29T0100-volunteers": m20261129Volunteers,
  "2026-12-02T0000-account-security": m20261202AccountSecurity,
  "2026-12-02T0100-password-reset": m20261202PasswordReset,
  "2026-12-02T0300-claims-and-team-archive": m20261202ClaimsAndTeamArchive,
  "2026-12-03T0000-volunteer-mobile-search": m20261203VolunteerMobileSearch,
  "2026-12-03T0100-volunteer-name-prefix-postgres": m20261203VolunteerNamePrefixPostgres,
  "2026-12-04T0000-care-mode": m20261204CareMode,
  "2026-12-04T0100-files": m20261204Files,
  "2026-12-04T0200-notifications": m20261204Notifications,
  "2026-12-04T0300-problems": m20261204Problems,
  "2026-12-04T0400-problem-list-indexes": m20261204ProblemListIndexes,
  "2026-12-05T0000-problem-tallies": m20261205ProblemTallies,
  "2026-12-05T0100-problem-page-indexes": m20261205ProblemPageIndexes,
  "2026-12-05T0200-board": m20261205Board,
  "2026-12-06T0000-board-revision": m20261206BoardRevision,
  "2026-12-07T0000-campaigns": m20261207Campaigns,
  "2026-12-08T0000-documents": m20261208Documents,
  "2026-12-09T0000-campaign-readiness-indexes": m20261209CampaignReadinessIndexes,
  "2026-12-10T0000-readiness-count-indexes": m20261210ReadinessCountIndexes,
  "2026-12-10T0100-duty-calendar": m20261210DutyCalendar,
  "2026-12-11T0000-tasks": m20261211Tasks,
  "2026-12-12T0000-readiness-tallies": m20261212ReadinessTallies,
  "2026-12-12T0100-task-supervision": m20261212TaskSupervision,
  "2026-12-13T0000-task-unit-state-index": m20261213TaskUnitStateIndex,
  "2026-12-14T0000-volunteer-certificate": m20261214VolunteerCertificate,
  "2026-12-14T0100-summary-draft": m20261214SummaryDraft,
  "2026-12-15T0000-volunteer-roster-order": m20261215VolunteerRosterOrder,
  "2026-12-16T0000-volunteer-name-grams": m20261216VolunteerNameGrams,
};
