import { useState } from "react";
import { Button, Drawer, Grid, Layout, Result } from "antd";
import { LeftOutlined, MenuOutlined, RightOutlined } from "@ant-design/icons";
import { Navigate, Outlet, useLocation } from "react-router";
import { can, useMe } from "../lib/auth";
import { errorCode } from "../lib/trpc";
import { errorMessage } from "../lib/server-errors";
import ForcedChangePage from "../pages/login/forced-change-page";
import { NavMenu } from "./nav-menu";
import { PageLoading } from "./page-loading";
import { useLogout, UserBox } from "./user-box";
import { NotificationBell } from "./notification-bell";

function Brand() {
  return (
    <div className="brand">
      <span className="brand-mark">创</span>
      <span>创城通 管理后台</span>
    </div>
  );
}

/** The console frame: side navigation, the header with the user, and the page. */
export default function ConsoleLayout() {
  const me = useMe();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const logout = useLogout();
  // useBreakpoint is empty on the first render; assume a desktop until it answers.
  const isMobile = screens.md === false;

  if (me.isPending) return <PageLoading />;
  if (me.isError && errorCode(me.error) === "UNAUTHORIZED") {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!me.data) {
    return (
      <Result
        status="error"
        title="无法连接服务器"
        subTitle={errorMessage(me.error)}
        extra={<Button onClick={() => void me.refetch()}>重试</Button>}
      />
    );
  }
  // A temporary password from a reset: nothing else until it is changed (the server refuses the rest).
  if (me.data.mustChangePassword) return <ForcedChangePage me={me.data} />;
  if (!can(me.data, "console.access")) {
    return (
      <Result
        status="403"
        title="管理后台仅供工作人员使用"
        subTitle={`${me.data.name}，您的账号是居民账号。报名活动、查看黑白榜、随手拍请使用居民端。`}
        extra={[
          <Button key="portal" type="primary" href="/">
            前往居民端
          </Button>,
          <Button key="logout" loading={logout.isPending} onClick={() => logout.mutate()}>
            退出登录
          </Button>,
        ]}
      />
    );
  }

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* For keyboard users: past the navigation to the page in one key. Shown only when focused. */}
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      {!isMobile && (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          // antd's own trigger is a bare <div>: Tab never reaches it. Its click still toggles.
          trigger={
            <button
              type="button"
              className="sider-trigger"
              aria-label={collapsed ? "展开导航" : "收起导航"}
              aria-expanded={!collapsed}
            >
              {collapsed ? <RightOutlined aria-hidden /> : <LeftOutlined aria-hidden />}
            </button>
          }
          breakpoint="lg"
          width={208}
          className="console-sider"
          style={{ position: "sticky", top: 0, height: "100vh" }}
        >
          {collapsed ? (
            <div className="brand" style={{ justifyContent: "center", padding: 0 }}>
              <span className="brand-mark">创</span>
            </div>
          ) : (
            <Brand />
          )}
          {/* The menu scrolls on its own: with its groups open it is taller than a laptop's screen. */}
          <div className="sider-nav">
            <NavMenu me={me.data} theme="dark" />
          </div>
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <header className="console-header">
          {isMobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label="打开导航"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          {isMobile && <strong style={{ whiteSpace: "nowrap" }}>创城通</strong>}
          <UserBox me={me.data} compact={isMobile} />
          <NotificationBell />
        </header>
        <Layout.Content className="console-content" id="main" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          aria-label="导航菜单"
          styles={{ body: { padding: 0, background: "#001529" } }}
        >
          <Brand />
          <NavMenu me={me.data} theme="dark" onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
