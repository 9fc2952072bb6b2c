import { useEffect, useRef, useState } from "react";
import { Alert, Spin } from "antd";
import type { EChartsCoreOption } from "echarts/core";
import type { echarts as EchartsNs } from "./echarts-setup";

type Echarts = typeof EchartsNs;
type Instance = ReturnType<Echarts["init"]>;

let loading: Promise<Echarts> | null = null;
/** ECharts, fetched on first use (its own chunk) and kept. */
function loadEcharts(): Promise<Echarts> {
  loading ??= import("./echarts-setup").then((m) => m.echarts);
  return loading;
}

/**
 * One ECharts chart. The library is loaded by import() the first time a chart shows, so the console's
 * first load does not carry it. The chart is a picture for sighted users (role img, named by `label`);
 * the table beside it (ChartCard) holds the same figures for everyone.
 */
export function Chart({
  option,
  label,
  height = 260,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadEcharts().then(
      (echarts) => {
        if (disposed || !box.current) return;
        chart.current = echarts.init(box.current, null, { renderer: "svg" });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(box.current);
        setState("ready");
      },
      () => !disposed && setState("failed"),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (state === "ready") chart.current?.setOption(option, { notMerge: true });
  }, [option, state]);

  if (state === "failed") return <Alert type="warning" showIcon title="图表加载失败，请切换到“表”查看数据" />;
  return (
    <Spin spinning={state === "loading"}>
      <div ref={box} role="img" aria-label={label} data-testid="echart" style={{ width: "100%", height }} />
    </Spin>
  );
}
