import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import RightOutline from "antd-mobile-icons/es/RightOutline";
import { LoadError } from "../../layout/load-error";
import { useTRPC } from "../../lib/trpc";
import { dutyCadenceText, dutyDayText, dutyPendingText, type MonthDuty } from "./month-duties";
import "./month-duties-card.css";

interface Duty extends MonthDuty {
  id: number;
  title: string;
  text: string;
  activities: readonly { id: number; title: string; date: string; held: boolean }[];
}

/** One dated activity: upcoming ones open the activity, held ones are greyed as 已举办. */
function ActivityDate({ a }: { a: Duty["activities"][number] }) {
  const body = (
    <span className="home-month-what">
      <span className="home-month-day">{dutyDayText(a.date)}</span>
      <span className="home-month-activity">{a.title}</span>
    </span>
  );
  if (a.held) {
    return (
      <li className="home-month-date is-held" data-testid="home-month-date" data-held="true">
        {body}
        <span className="home-month-held">已举办</span>
      </li>
    );
  }
  return (
    <li data-testid="home-month-date" data-held="false">
      <Link to={`/activities/${a.id}`} className="home-month-date">
        {body}
        <RightOutline className="home-month-arrow" aria-hidden />
      </Link>
    </li>
  );
}

function DutyItem({ duty }: { duty: Duty }) {
  const headingId = `home-month-duty-${duty.id}`;
  const pending = dutyPendingText(duty);
  return (
    <li className="home-month-duty" data-testid="home-month-duty" aria-labelledby={headingId}>
      <div className="home-month-duty-head">
        <h3 id={headingId} className="home-month-duty-title">
          {duty.title}
        </h3>
        <span className="home-month-duty-text">{dutyCadenceText(duty.title, duty.text)}</span>
      </div>
      {duty.activities.length > 0 ? (
        <ul className="home-month-dates" aria-label={`${duty.title}本月日期`}>
          {duty.activities.map((a) => (
            <ActivityDate key={a.id} a={a} />
          ))}
        </ul>
      ) : (
        pending && <p className="home-month-pending">{pending}</p>
      )}
    </li>
  );
}

/**
 * 首页's 本月安排: this month's duties of the resident's 社区 that concern residents (道德讲堂 每月 2 次),
 * with the dates of the activities that hold them (campaign.residentMonth). Nothing while it loads, and
 * nothing when the 社区 has no such duty.
 */
export function MonthDutiesCard() {
  const trpc = useTRPC();
  const month = useQuery(trpc.campaign.residentMonth.queryOptions(undefined, { staleTime: 60_000 }));
  if (month.isError) {
    return (
      <section className="home-month" aria-labelledby="home-month-title" data-testid="home-month-duties">
        <h2 id="home-month-title" className="home-month-title">
          本月安排
        </h2>
        <LoadError query={month} />
      </section>
    );
  }
  if (!month.data || month.data.duties.length === 0) return null;
  const duties: readonly Duty[] = month.data.duties;
  return (
    <section className="home-month" aria-labelledby="home-month-title" data-testid="home-month-duties">
      <div className="home-month-head">
        <h2 id="home-month-title" className="home-month-title">
          本月安排
        </h2>
        <span className="home-month-label">{month.data.label}</span>
      </div>
      <ul className="home-month-duties">
        {duties.map((d) => (
          <DutyItem key={d.id} duty={d} />
        ))}
      </ul>
    </section>
  );
}
