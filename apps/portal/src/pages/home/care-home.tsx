import { Link } from "react-router";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import CameraOutline from "antd-mobile-icons/es/CameraOutline";
import FlagOutline from "antd-mobile-icons/es/FlagOutline";
import HeartOutline from "antd-mobile-icons/es/HeartOutline";
import type { ReactNode } from "react";

interface Tile {
  label: string;
  hint: string;
  to: string;
  icon: ReactNode;
}

/**
 * 关怀模式's home: the few things older residents do most, as four large tiles: 活动报名,
 * 我的志愿服务, 随手拍 and 黑白榜.
 */
const TILES: Tile[] = [
  { label: "活动报名", hint: "看社区活动，报名参加", to: "/activities", icon: <CalendarOutline /> },
  { label: "我的志愿服务", hint: "服务时长、星级和我的活动", to: "/volunteer", icon: <HeartOutline /> },
  { label: "随手拍", hint: "看到问题拍下来，告诉社区", to: "/problems/new", icon: <CameraOutline /> },
  { label: "黑白榜", hint: "看社区的好人好事和曝光", to: "/board", icon: <FlagOutline /> },
];

export function CareHomeTiles() {
  return (
    <nav className="care-tiles" aria-label="常用功能">
      {TILES.map((t) => (
        <Link key={t.to} to={t.to} className="care-tile">
          <span className="care-tile-icon" aria-hidden>
            {t.icon}
          </span>
          <span className="care-tile-label">{t.label}</span>
          <span className="care-tile-hint">{t.hint}</span>
        </Link>
      ))}
    </nav>
  );
}
