import { useState } from "react";
import { Button, Empty, List, Tag, Typography } from "antd";
import { READINESS_LABELS } from "@chuangcheng/domain/rules";
import { EvidenceDrawer, READINESS_COLORS } from "./evidence-drawer";
import type { CommunityReadiness } from "./readiness-types";

/**
 * The items of one 社区's copy not yet 齐全, in checklist order, each with what it lacks in words
 * (缺：图片、总结; 道德讲堂 11月 仅1次); 材料 opens the item's evidence, as its checklist row does.
 */
export function ReadinessGaps({ community }: { community: CommunityReadiness }) {
  const [viewing, setViewing] = useState<number | null>(null);
  const { gaps } = community;
  if (gaps.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${community.name}的测评项已全部齐全`} />;
  }
  return (
    <>
      <List
        size="small"
        data-testid="readiness-gaps"
        header={
          <Typography.Text strong>
            待补齐（{gaps.length} 项） · {community.name}
          </Typography.Text>
        }
        pagination={gaps.length > 10 ? { pageSize: 10, size: "small", showSizeChanger: false } : false}
        dataSource={gaps}
        rowKey="itemId"
        renderItem={(g) => (
          <List.Item
            data-testid="readiness-gap"
            actions={[
              <Button
                key="files"
                size="small"
                aria-label={`材料 ${g.content}`}
                onClick={() => setViewing(g.itemId)}
              >
                材料
              </Button>,
            ]}
          >
            <div style={{ minWidth: 0 }}>
              <div>
                <Tag color={READINESS_COLORS[g.readiness]}>{READINESS_LABELS[g.readiness]}</Tag>
                <Typography.Text type="secondary">{g.project} · </Typography.Text>
                <span>{g.content}</span>
              </div>
              {g.gaps.map((text) => (
                <div key={text} className="readiness-gap-text">
                  {text}
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
      {viewing !== null && <EvidenceDrawer itemId={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}
