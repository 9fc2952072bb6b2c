import { Typography } from "antd";
import { monthWeeks, recordsOfMonth, RECORD_TYPE_LABELS, viewTitle } from "./calendar-labels";
import type { DutyRule } from "./calendar-types";

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

/**
 * The month as a calendar: each day with the records that count for the duties (activities held or
 * planned, evidence filed, ticks), so the month reads at a glance; the month's 红黑榜 below it.
 */
export function MonthGrid(props: { month: string; today: string; rules: readonly DutyRule[] }) {
  const { month, today, rules } = props;
  const { byDay, editions } = recordsOfMonth(rules, month);
  const weeks = monthWeeks(month);
  return (
    <section className="duty-month" aria-label={`${viewTitle(month)} 日程`} data-testid="duty-month">
      <table className="duty-month-table">
        <caption>{viewTitle(month)} 日程</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col">
                周{d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find((d) => d !== null)}>
              {week.map((day, i) => {
                if (day === null) return <td key={`pad-${i}`} className="duty-day-pad" />;
                const entries = byDay.get(day) ?? [];
                return (
                  <td
                    key={day}
                    className={day === today ? "duty-day duty-day-today" : "duty-day"}
                    data-date={day}
                  >
                    <div className="duty-day-number">
                      {Number(day.slice(8))}
                      {day === today && <span className="duty-today-mark">今天</span>}
                    </div>
                    {entries.length > 0 && (
                      <ul>
                        {entries.map((e) => (
                          <li
                            key={`${e.type}-${e.id}`}
                            className={`duty-entry duty-entry-${e.upcoming ? "upcoming" : e.type}`}
                            title={`${e.rule}：${e.title}`}
                          >
                            {e.type === "tick" ? `${e.rule} 打卡` : e.title}
                            {e.upcoming
                              ? "（已安排）"
                              : e.type === "evidence"
                                ? `（${RECORD_TYPE_LABELS.evidence}）`
                                : ""}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {editions.length > 0 && (
        <Typography.Paragraph className="duty-month-editions">
          本月红黑榜：{editions.map((e) => e.title).join("、")}
        </Typography.Paragraph>
      )}
    </section>
  );
}
