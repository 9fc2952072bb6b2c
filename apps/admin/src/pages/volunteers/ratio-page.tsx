import { Card, Col, Empty, Row, Typography } from "antd";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { RatioCard } from "./ratio-card";

/** 注册率: registered volunteers / 常住人口 for each 社区 the user administers, against its target. */
export default function RatioPage() {
  const me = useMe();
  const { all, managed, isPending } = useCommunities();
  // Staff below a 社区 (grid workers) see their 社区's figure, without the 网格 breakdown.
  const others = all.filter((c) => !c.canManage);
  const canManage = can(me.data, "volunteer.manage");
  if (!isPending && all.length === 0) {
    return (
      <Card title="志愿者注册率" size="small">
        <Empty description="没有可查看的社区" />
      </Card>
    );
  }
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        志愿者注册率
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        注册率 = 已注册志愿者 / 常住人口。进度条以目标为满格，低于目标显示为红色。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {managed.map((c) => (
          <Col key={c.id} xs={24} xl={12}>
            <RatioCard communityId={c.id} canManage={canManage} />
          </Col>
        ))}
        {others.map((c) => (
          <Col key={c.id} xs={24} xl={12}>
            <RatioCard communityId={c.id} canManage={false} publicOnly />
          </Col>
        ))}
      </Row>
    </div>
  );
}
