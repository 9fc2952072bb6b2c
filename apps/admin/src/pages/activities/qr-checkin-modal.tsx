import { useEffect, useState } from "react";
import { Alert, Modal, Space, Spin, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import QRCode from "qrcode";
import { errorMessage } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC } from "../../lib/trpc";
import { PhoneLinkWarning } from "../../layout/phone-link-warning";

/** Renew the token this long before it expires, so a code on screen is always valid. */
const RENEW_BEFORE_MS = 60_000;

/**
 * 扫码签到: the activity's signed, short-lived token as a QR code of the portal's check-in page. The
 * volunteer scans it with the phone; the first scan checks in, the second checks out. Loaded on demand
 * (its own chunk with the qrcode library).
 */
export default function QrCheckinModal(props: { activityId: number; title: string; onClose: () => void }) {
  const { activityId, title, onClose } = props;
  const trpc = useTRPC();
  const token = useQuery({
    ...trpc.activity.qrToken.queryOptions({ id: activityId }),
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (query) => {
      const expiresAt = query.state.data?.expiresAt;
      if (!expiresAt) return false;
      return Math.max(5_000, Date.parse(expiresAt) - Date.now() - RENEW_BEFORE_MS);
    },
    refetchIntervalInBackground: true,
  });
  // The server builds the link at the address phones reach it (PUBLIC_URL, else the address used here).
  const url = token.data?.url ?? null;
  const [image, setImage] = useState<{ url: string; dataUrl: string } | null>(null);

  useEffect(() => {
    if (!url) return;
    let live = true;
    QRCode.toDataURL(url, { width: 320, margin: 1, errorCorrectionLevel: "M" })
      .then((dataUrl) => live && setImage({ url, dataUrl }))
      .catch(() => live && setImage(null));
    return () => {
      live = false;
    };
  }, [url]);

  return (
    <Modal title={`扫码签到：${title}`} open footer={null} onCancel={onClose} width={420}>
      <Space orientation="vertical" align="center" style={{ width: "100%" }}>
        {token.isError && <Alert type="error" showIcon title={errorMessage(token.error)} />}
        {url && <PhoneLinkWarning url={url} />}
        {image ? (
          <img
            src={image.dataUrl}
            alt="签到二维码"
            data-testid="checkin-qr"
            data-url={image.url}
            width={320}
            height={320}
            style={{ maxWidth: "100%", height: "auto" }}
          />
        ) : (
          !token.isError && (
            <div style={{ width: 320, height: 320, display: "grid", placeItems: "center" }}>
              <Spin />
            </div>
          )
        )}
        <Typography.Text>志愿者用手机扫码：第一次扫码签到，再次扫码签退。</Typography.Text>
        {token.data && (
          <Typography.Text type="secondary">
            二维码有效至 {formatTime(token.data.expiresAt, "HH:mm:ss")}，到期前自动刷新
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
