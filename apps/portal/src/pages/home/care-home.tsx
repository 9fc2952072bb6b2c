import { Link } from "react-router";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import HeartOutline from "antd-mobile-icons/es/HeartOutline";
import type { ReactNode } from "react";

interface Tile {
  label: string;
  hint: string;
  to: string;
  icon: ReactNode;
}

/**
 * 关怀模式's home: the few things older residents do most, as four large tiles. 黑白榜 and 随手拍
 * join 活动报名 and 我的志愿服务 here when their pages exist (the 黑白榜 and problems issues).
 */
const TILES: Tile[] = [
  { label: "活动报名", hint: "看社区活动，报名参加", to: "/activities", icon: <CalendarOutline /> },
  { label: "我的志愿服务", hint: "服务时长、星级和我的活动", to: "/volunteer", icon: <HeartOutline /> },
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
