import { Link } from "react-router";
import RightOutline from "antd-mobile-icons/es/RightOutline";
import "./board.css";

/** 首页's way to the 黑白榜 of the resident's 社区. */
export function BoardHomeCard({ communityName }: { communityName: string }) {
  return (
    <Link to="/board" className="home-board" data-testid="home-board-link">
      <span className="home-board-main">
        <span className="home-board-label">黑白榜</span>
        <span className="home-board-hint">{communityName}本月的好人好事和不文明行为曝光</span>
      </span>
      <RightOutline className="home-board-arrow" aria-hidden />
    </Link>
  );
}
