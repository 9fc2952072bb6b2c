import { Col } from "antd";
import { ChartCard, type ChartCardProps } from "./chart-card";

/**
 * A ChartCard in a cell of a dashboard's grid: the whole row on a phone, half of it from the `from`
 * breakpoint up, or the whole row always when `wide`.
 */
export function ChartCell<T>({
  wide = false,
  from = "lg",
  ...card
}: ChartCardProps<T> & { wide?: boolean; from?: "lg" | "xl" }) {
  return (
    <Col xs={24} {...(wide ? {} : { [from]: 12 })}>
      <ChartCard {...card} />
    </Col>
  );
}
