import { Suspense } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import TabBar from "antd-mobile/es/components/tab-bar";
import AppOutline from "antd-mobile-icons/es/AppOutline";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import FlagOutline from "antd-mobile-icons/es/FlagOutline";
import UserOutline from "antd-mobile-icons/es/UserOutline";
import { PageLoading } from "./page-loading";

const TABS = [
  { key: "/", title: "首页", icon: <AppOutline /> },
  { key: "/board", title: "黑白榜", icon: <FlagOutline /> },
  { key: "/activities", title: "活动", icon: <CalendarOutline /> },
  { key: "/me", title: "我的", icon: <UserOutline /> },
];

/** The pages a resident moves between with the bottom tab bar: 首页, 黑白榜, 活动 and 我的. */
export default function TabLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((t) => t.key === location.pathname)?.key ?? "/";
  return (
    <div className="tab-layout">
      <main className="tab-layout-body">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="tab-layout-bar" aria-label="主导航">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
          {TABS.map((t) => (
            <TabBar.Item key={t.key} title={t.title} icon={t.icon} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
