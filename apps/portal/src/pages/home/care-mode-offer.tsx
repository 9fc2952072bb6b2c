import Button from "antd-mobile/es/components/button";
import { useCareMode } from "../../lib/care-mode";

/** Offered once on a phone's first visit, until answered either way; 我的 has the switch after that. */
export function CareModeOffer() {
  const care = useCareMode();
  if (care.offered || care.on) return null;
  return (
    <section className="care-offer" aria-labelledby="care-offer-title">
      <h2 id="care-offer-title" className="care-offer-title">
        字太小、看不清？
      </h2>
      <p className="care-offer-text">
        开启关怀模式：字更大，按钮更大，首页只留常用功能。以后可在“我的”里随时关闭。
      </p>
      <div className="care-offer-actions">
        <Button color="primary" size="large" onClick={() => care.set(true)}>
          开启关怀模式
        </Button>
        <Button fill="outline" size="large" onClick={care.decline}>
          暂不需要
        </Button>
      </div>
    </section>
  );
}
