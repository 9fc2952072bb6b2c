import type { EChartsCoreOption } from "echarts/core";
import type { FigureColumn } from "./chart-card";
import { ChartCell } from "./chart-cell";
import type { CommunityFigures } from "./types";

const NAME: FigureColumn<CommunityFigures> = { title: "社区", value: (c) => c.name };

/** A card of the street's view, half the row from xl up (or all of it): a row per 社区, its name first. */
export function CommunitiesCard({
  communities,
  columns,
  ...card
}: {
  communities: readonly CommunityFigures[];
  title: string;
  testId: string;
  option: EChartsCoreOption;
  columns: readonly FigureColumn<CommunityFigures>[];
  fileName: string;
  wide?: boolean;
}) {
  return (
    <ChartCell from="xl" {...card} columns={[NAME, ...columns]} rows={communities} rowKey={(c) => c.id} />
  );
}
