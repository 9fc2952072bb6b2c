import { Alert } from "antd";
import { isLoopbackUrl, LOOPBACK_LINK_WARNING } from "@chuangcheng/domain/rules";

/**
 * Shown beside any link meant for a phone (the check-in QR code) when it points at this computer
 * (localhost, 127.x, ::1): a phone would open itself. Nothing otherwise.
 */
export function PhoneLinkWarning({ url }: { url: string }) {
  if (!isLoopbackUrl(url)) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="loopback-warning"
      title={LOOPBACK_LINK_WARNING}
      description="在服务器上设置 PUBLIC_URL（如 https://cc.example.cn），或在电脑浏览器中用局域网地址（如 http://192.168.1.20:3000/admin/）打开后台后再生成二维码。"
    />
  );
}
