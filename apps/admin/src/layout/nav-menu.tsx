import { Menu } from "antd";
import { ApartmentOutlined, AuditOutlined, TeamOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import type { Permission } from "@chuangcheng/domain/rules";
import { can } from "../lib/auth";
import type { Me } from "../lib/trpc";

interface NavEntry {
  path: string;
  label: string;
  icon: ReactNode;
  permission: Permission;
}

const NAV: NavEntry[] = [
  { path: "/org", label: "组织架构", icon: <ApartmentOutlined />, permission: "org.read" },
  { path: "/users", label: "用户与角色", icon: <TeamOutlined />, permission: "user.manage" },
  { path: "/audit", label: "操作日志", icon: <AuditOutlined />, permission: "audit.read" },
];

/** The side navigation; entries the user's roles do not allow are left out. */
export function NavMenu({
  me,
  theme,
  onNavigate,
}: {
  me: Me;
  theme: "dark" | "light";
  onNavigate?: () => void;
}) {
  const location = useLocation();
  const items = NAV.filter((n) => can(me, n.permission)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: (
      <Link to={n.path} onClick={onNavigate}>
        {n.label}
      </Link>
    ),
  }));
  const selected = NAV.find((n) => location.pathname.startsWith(n.path))?.path;
  return (
    <nav aria-label="主导航">
      <Menu theme={theme} mode="inline" items={items} selectedKeys={selected ? [selected] : []} />
    </nav>
  );
}
