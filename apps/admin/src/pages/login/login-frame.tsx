import type { ReactNode } from "react";
import { Card, Typography } from "antd";

/** The blue backdrop and centred card of the screens before the console: 登录, 忘记密码, 设置新密码. */
export function LoginFrame({
  title,
  subtitle,
  width = 400,
  children,
}: {
  title: string;
  subtitle: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        padding: 16,
        background: "linear-gradient(160deg, #1f5fbf 0%, #0f2f66 100%)",
      }}
    >
      <Card style={{ width: "100%", maxWidth: width }}>
        <div style={{ textAlign: "center", marginBottom: 24 }}>
          <span className="brand-mark" style={{ width: 44, height: 44, fontSize: 24 }}>
            创
          </span>
          <Typography.Title level={3} style={{ margin: "12px 0 4px" }}>
            {title}
          </Typography.Title>
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
        {children}
      </Card>
    </div>
  );
}
