import { useMemo, useState } from "react";
import { Card, Col, DatePicker, Empty, Form, Row, Select, Typography } from "antd";
import { LEDGER_KINDS, LEDGERS, ORG_KIND_LABELS, type OrgKind } from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { unitPath } from "../../lib/org-tree";
import { LedgerCard } from "./ledger-card";
import { dateText, periodPresets, type Period } from "./ledger-period";

/** Units a 台账 can be asked for, widest first. */
const PICKABLE: readonly OrgKind[] = ["street", "community", "grid"];

/**
 * 报表与导出 · 台账导出: the ledgers a 社区 keeps, each as Excel in the columns offices use, for the
 * chosen unit and period. The server checks the permission again for each export and streams the file.
 */
export default function LedgersPage() {
  const me = useMe();
  const { units, isPending } = useCommunities();
  const options = useMemo(
    () =>
      PICKABLE.flatMap((kind) =>
        units
          .filter((u) => u.kind === kind)
          .map((u) => ({
            value: u.id,
            kind: u.kind,
            label: `${unitPath(units, u.id)}（${ORG_KIND_LABELS[u.kind]}）`,
          })),
      ),
    [units],
  );
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  // Until a unit is picked: the first the user holds a role at, else the first 社区.
  const grantUnits = new Set((me.data?.grants ?? []).map((g) => g.unitId));
  const fallback =
    options.find((o) => grantUnits.has(o.value))?.value ?? options.find((o) => o.kind === "community")?.value;
  const unitId = chosen ?? fallback;
  const unitKind = options.find((o) => o.value === unitId)?.kind;
  const presets = useMemo(() => periodPresets(), []);
  const [range, setRange] = useState<Period | null>(presets[2]!.value);
  const period = range ? { from: dateText(range[0]), to: dateText(range[1]) } : null;

  if (!isPending && options.length === 0) {
    return (
      <Card title="台账导出" size="small">
        <Empty description="没有可导出台账的单位" />
      </Card>
    );
  }
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        台账导出
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        选择单位和期间，导出各类台账（Excel，按常用格式排列）。数据较多时边生成边下载，可查看进度。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="单位" htmlFor="ledger-unit">
            <Select<number>
              id="ledger-unit"
              style={{ width: 320 }}
              showSearch={{ optionFilterProp: "label" }}
              loading={isPending}
              value={unitId}
              options={options.map(({ value, label }) => ({ value, label }))}
              onChange={setChosen}
              placeholder="选择街道、社区或网格"
            />
          </Form.Item>
          <Form.Item label="期间" htmlFor="ledger-period">
            <DatePicker.RangePicker
              id={{ start: "ledger-period", end: "ledger-period-end" }}
              value={range}
              presets={presets}
              allowClear={false}
              onChange={(value) => setRange(value && value[0] && value[1] ? [value[0], value[1]] : null)}
              placeholder={["开始日期", "结束日期"]}
            />
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={[16, 16]}>
        {LEDGER_KINDS.map((kind) => {
          const info = LEDGERS[kind];
          const reason = !can(me.data, info.permission)
            ? "无导出权限"
            : unitKind && !info.unitKinds.includes(unitKind)
              ? "请选择社区或街道"
              : null;
          return (
            <Col key={kind} xs={24} lg={12} xxl={8}>
              <LedgerCard info={info} unitId={unitId} period={period} disabledReason={reason} />
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
