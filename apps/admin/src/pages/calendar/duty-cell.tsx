import { App, Button, Image, Popconfirm, Tag } from "antd";
import { CheckOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DUTY_STATE_LABELS } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { dueSoonText, RECORD_TYPE_LABELS, STATE_COLORS } from "./calendar-labels";
import type { DutyCellData, DutyRecordData, DutyRule } from "./calendar-types";

/** 12月16日 */
export const dayText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export interface CellAbilities {
  /** the signed-in user: whoever made a tick may withdraw it */
  meId: number | undefined;
  /** an admin of the 社区: withdraws any tick */
  mayEdit: boolean;
  /** links to the records' own pages, where the user may open them */
  activityLinks: boolean;
  editionLinks: boolean;
  communityId: number;
}

function RecordLine(props: { record: DutyRecordData; ruleTitle: string; abilities: CellAbilities }) {
  const { record: r, ruleTitle, abilities } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const untick = useMutation(
    trpc.campaign.untickDuty.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.calendar.pathKey() });
        void message.success("已撤销打卡");
      },
      onError: (error) => showError(error),
    }),
  );
  const title =
    r.type === "activity" && abilities.activityLinks ? (
      <Link to={`/activities/${r.id}`}>{r.title}</Link>
    ) : r.type === "edition" && abilities.editionLinks ? (
      <Link to={`/board/editions?community=${abilities.communityId}`}>{r.title}</Link>
    ) : (
      <span>{r.title}</span>
    );
  const mayWithdraw = r.type === "tick" && (abilities.mayEdit || r.by?.id === abilities.meId);
  return (
    <li className="duty-record" data-testid={`duty-record-${r.type}`}>
      <div className="duty-record-line">
        {/* An edition is of a month, not of a day. */}
        <span className="duty-record-date">
          {r.type === "edition" ? `${Number(r.date.slice(5, 7))}月` : dayText(r.date)}
        </span>
        <span className="duty-record-type">{RECORD_TYPE_LABELS[r.type]}</span>
        {title}
        {r.upcoming && <Tag color="blue">已安排</Tag>}
        {r.by && <span className="duty-muted">{r.by.name}</span>}
        {mayWithdraw && (
          <Popconfirm
            title="撤销打卡"
            description={`撤销 ${dayText(r.date)} 的打卡？照片一并移除。`}
            okText="撤销"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => untick.mutateAsync({ id: r.id }).catch(() => undefined)}
          >
            <Button
              type="link"
              size="small"
              danger
              aria-label={`撤销 ${ruleTitle} ${dayText(r.date)} 的打卡`}
            >
              撤销
            </Button>
          </Popconfirm>
        )}
      </div>
      {r.photos && r.photos.length > 0 && (
        <Image.PreviewGroup>
          <div className="duty-photos">
            {r.photos.map((p, i) => (
              <Image
                key={p.id}
                src={p.thumbUrl}
                preview={{ src: p.url }}
                alt={`${ruleTitle} ${dayText(r.date)} 照片 ${i + 1}`}
                width={44}
                height={44}
                style={{ objectFit: "cover", borderRadius: 4 }}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </li>
  );
}

/**
 * One rule in one period: its state (已完成 / 待完成, with 即将到期 while the reminder is out / 已逾期 /
 * 未开始), how far it got, the records that count (planned activities marked 已安排), and 打卡 for a
 * manual rule the user may tick.
 */
export function DutyCellView(props: {
  rule: DutyRule;
  cell: DutyCellData;
  /** the period's name, where the column does not say it (a quarterly rule in a month view) */
  showLabel: boolean;
  abilities: CellAbilities;
  onTick: () => void;
}) {
  const { rule, cell, showLabel, abilities, onTick } = props;
  const canTick = rule.mayTick && cell.state !== "upcoming" && cell.state !== "done";
  return (
    <div className="duty-cell" data-testid={`duty-cell-${rule.id}-${cell.period}`}>
      <div className="duty-cell-head">
        {showLabel && <span className="duty-cell-period">{cell.label}</span>}
        <Tag color={STATE_COLORS[cell.state]}>{DUTY_STATE_LABELS[cell.state]}</Tag>
        {cell.dueSoon && <Tag color="orange">{dueSoonText(cell.daysLeft)}</Tag>}
      </div>
      {/* 已完成 once is said by the tag already. */}
      {cell.progress !== DUTY_STATE_LABELS[cell.state] && (
        <div className="duty-progress">{cell.progress}</div>
      )}
      {cell.records.length > 0 && (
        <ul className="duty-records" aria-label={`${rule.title} ${cell.label} 记录`}>
          {cell.records.map((r) => (
            <RecordLine key={`${r.type}-${r.id}`} record={r} ruleTitle={rule.title} abilities={abilities} />
          ))}
        </ul>
      )}
      {canTick && (
        <Button
          size="small"
          icon={<CheckOutlined aria-hidden />}
          aria-label={`打卡 ${rule.title} ${cell.label}`}
          onClick={onTick}
        >
          打卡
        </Button>
      )}
    </div>
  );
}
