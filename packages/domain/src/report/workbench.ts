import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { permissionScope } from "../auth/authorize.js";
import { roleHas } from "../auth/rules.js";
import { chinaToday } from "../time.js";
import { pendingRegistrationCount } from "../volunteer/volunteer-counts.js";
import { activitiesBetween, pendingHours } from "../activity/activity-counts.js";
import { checkinScope } from "../activity/activity-service.js";

// The console's 工作台: what needs the caller today, in the units they hold. Each figure comes from the
// feature that owns it; this file only puts them together (the dashboards of later issues grow it).

const has = (session: AuthSession, perm: Parameters<typeof roleHas>[1]) =>
  session.grants.some((g) => roleHas(g.role, perm));

export async function workbench(db: Db, session: AuthSession, now = new Date()) {
  const date = chinaToday(now);
  const dayStart = new Date(`${date}T00:00:00+08:00`);
  const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60 * 1000);
  const reviews = has(session, "volunteer.manage")
    ? await permissionScope(db, session, "volunteer.manage")
    : null;
  const organises = has(session, "activity.manage")
    ? await permissionScope(db, session, "activity.manage")
    : null;
  // Grid workers check people in at their 社区's activities: today's are theirs too.
  const attends = has(session, "activity.checkin") ? await checkinScope(db, session) : [];
  return {
    date,
    /** null: reviewing registrations is not the caller's job */
    pendingReview: reviews === null ? null : await pendingRegistrationCount(db, reviews),
    today: await activitiesBetween(db, attends, dayStart.toISOString(), dayEnd.toISOString()),
    /** null: confirming hours is not the caller's job */
    pendingHours: organises === null ? null : await pendingHours(db, organises),
  };
}
