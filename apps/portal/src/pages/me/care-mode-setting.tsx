import List from "antd-mobile/es/components/list";
import { useCareMode } from "../../lib/care-mode";

/**
 * The 关怀模式 switch on 我的. A native button with role="switch" rather than antd-mobile's Switch,
 * which a keyboard cannot reach; the whole row is the touch target.
 */
export function CareModeSetting() {
  const care = useCareMode();
  return (
    <List header="显示设置" mode="card" className="care-setting">
      <List.Item
        description="字更大、按钮更大、首页只留常用功能"
        extra={
          <button
            type="button"
            role="switch"
            aria-checked={care.on}
            aria-labelledby="care-mode-label"
            className="care-switch"
            data-testid="care-mode-switch"
            onClick={() => care.set(!care.on)}
          >
            <span className="care-switch-text" aria-hidden>
              {care.on ? "开" : "关"}
            </span>
          </button>
        }
      >
        <span id="care-mode-label">关怀模式</span>
      </List.Item>
    </List>
  );
}
