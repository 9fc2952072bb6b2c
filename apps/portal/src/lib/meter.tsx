import type { CSSProperties } from "react";
import ProgressBar from "antd-mobile/es/components/progress-bar";

/**
 * A progress bar a screen reader can read: antd-mobile's ProgressBar is a bare <div> that passes
 * no role, so the role and the value sit on a wrapper.
 */
export function Meter({
  percent,
  label,
  fillColor,
  className,
}: {
  percent: number;
  label: string;
  fillColor?: string;
  className?: string;
}) {
  const value = Math.round(Math.min(100, Math.max(0, percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={0}
      aria-valuemax={100}
      className={className}
    >
      <ProgressBar
        percent={value}
        style={fillColor ? ({ "--fill-color": fillColor } as CSSProperties) : undefined}
      />
    </div>
  );
}
