import { Menu, type MenuProps } from "antd";
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CameraOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FileWordOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FormOutlined,
  FundOutlined,
  HeartOutlined,
  IssuesCloseOutlined,
  MessageOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TableOutlined,
  TeamOutlined,
  TrophyOutlined,
  UsergroupAddOutlined,
} from "@ant-design/icons";
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

interface NavGroup {
  key: string;
  label: string;
  icon: ReactNode;
  children: NavEntry[];
}

const NAV: (NavEntry | NavGroup)[] = [
  {
    path: "/workbench",
    label: "工作台",
    icon: <DashboardOutlined aria-hidden />,
    permission: "console.access",
  },
  { path: "/dashboard", label: "数据看板", icon: <BarChartOutlined aria-hidden />, permission: "console.access" },
  { path: "/org", label: "组织架构", icon: <ApartmentOutlined aria-hidden />, permission: "org.read" },
  {
    key: "volunteer-group",
    label: "志愿服务",
    icon: <HeartOutlined aria-hidden />,
    children: [
      {
        path: "/volunteers/review",
        label: "志愿者审核",
        icon: <CheckSquareOutlined aria-hidden />,
        permission: "volunteer.manage",
      },
      {
        path: "/volunteers",
        label: "志愿者名册",
        icon: <ContactsOutlined aria-hidden />,
        permission: "volunteer.read",
      },
      {
        path: "/volunteers/ratio",
        label: "注册率",
        icon: <FundOutlined aria-hidden />,
        permission: "volunteer.read",
      },
      {
        path: "/volunteers/teams",
        label: "志愿服务队",
        icon: <UsergroupAddOutlined aria-hidden />,
        permission: "volunteer.read",
      },
      {
        path: "/activities",
        label: "活动管理",
        icon: <CalendarOutlined aria-hidden />,
        permission: "activity.checkin",
      },
    ],
  },
  {
    key: "problem-group",
    label: "问题整改",
    icon: <IssuesCloseOutlined aria-hidden />,
    children: [
      {
        path: "/problems",
        label: "问题列表",
        icon: <FileSearchOutlined aria-hidden />,
        permission: "problem.handle",
      },
      {
        path: "/problems/new",
        label: "新建巡查问题",
        icon: <CameraOutlined aria-hidden />,
        permission: "problem.handle",
      },
      {
        path: "/problems/todo",
        label: "我的待办",
        icon: <ScheduleOutlined aria-hidden />,
        permission: "problem.handle",
      },
      {
        path: "/problems/review",
        label: "复查",
        icon: <SafetyCertificateOutlined aria-hidden />,
        permission: "problem.handle",
      },
    ],
  },
  {
    key: "board-group",
    label: "黑白榜",
    icon: <TrophyOutlined aria-hidden />,
    children: [
      {
        path: "/board",
        label: "条目与审核",
        icon: <ProfileOutlined aria-hidden />,
        permission: "board.propose",
      },
      {
        path: "/board/new",
        label: "提名上榜",
        icon: <FormOutlined aria-hidden />,
        permission: "board.propose",
      },
      {
        path: "/board/appeals",
        label: "申诉处理",
        icon: <MessageOutlined aria-hidden />,
        permission: "board.moderate",
      },
      {
        path: "/board/editions",
        label: "期次发布",
        icon: <CarryOutOutlined aria-hidden />,
        permission: "board.moderate",
      },
      {
        path: "/board/settings",
        label: "黑白榜设置",
        icon: <SettingOutlined aria-hidden />,
        permission: "board.moderate",
      },
    ],
  },
  {
    path: "/campaigns",
    label: "创城活动",
    icon: <FlagOutlined aria-hidden />,
    permission: "campaign.evidence",
  },
  {
    key: "task-group",
    label: "任务督办",
    icon: <CheckSquareOutlined aria-hidden />,
    children: [
      { path: "/tasks", label: "我的任务", icon: <ProfileOutlined aria-hidden />, permission: "task.handle" },
      {
        path: "/tasks/tree",
        label: "任务分解",
        icon: <ApartmentOutlined aria-hidden />,
        permission: "task.handle",
      },
    ],
  },
  {
    key: "report-group",
    label: "报表与导出",
    icon: <FileWordOutlined aria-hidden />,
    children: [
      { path: "/reports/summary", label: "工作总结", icon: <FileTextOutlined aria-hidden />, permission: "report.summary" },
      { path: "/reports/ledgers", label: "台账导出", icon: <TableOutlined aria-hidden />, permission: "console.access" },
    ],
  },
  {
    path: "/calendar",
    label: "常态工作日历",
    icon: <FieldTimeOutlined aria-hidden />,
    permission: "campaign.evidence",
  },
  { path: "/users", label: "用户与角色", icon: <TeamOutlined aria-hidden />, permission: "user.manage" },
  { path: "/audit", label: "操作日志", icon: <AuditOutlined aria-hidden />, permission: "audit.read" },
];

const ENTRIES: NavEntry[] = NAV.flatMap((n) => ("children" in n ? n.children : [n]));

/** The entry a path belongs to: the longest matching prefix (/volunteers/teams is not 名册). */
function selectedEntry(pathname: string): string | undefined {
  return ENTRIES.filter((n) => pathname === n.path || pathname.startsWith(`${n.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0]?.path;
}

/** The side navigation; entries the user's roles do not allow are left out, and so are empty groups. */
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
  const entry = (n: NavEntry) => ({
    key: n.path,
    icon: n.icon,
    label: (
      <Link to={n.path} onClick={onNavigate}>
        {n.label}
      </Link>
    ),
  });
  type Item = NonNullable<MenuProps["items"]>[number];
  const items = NAV.flatMap((n): Item[] => {
    if (!("children" in n)) return can(me, n.permission) ? [entry(n)] : [];
    const children = n.children.filter((c) => can(me, c.permission)).map(entry);
    return children.length > 0 ? [{ key: n.key, icon: n.icon, label: n.label, children }] : [];
  });
  const selected = selectedEntry(location.pathname);
  return (
    <nav aria-label="主导航">
      <Menu
        theme={theme}
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        defaultOpenKeys={["volunteer-group", "problem-group", "board-group"]}
      />
    </nav>
  );
}
