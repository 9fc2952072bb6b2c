import { useEffect, useState } from "react";
import QRCode from "qrcode";

/**
 * A QR code of `url` with its caption, drawn as SVG so that it prints sharp at any size. The image
 * carries data-url (what it encodes) and data-ready once drawn, for the browser test and for a look.
 */
export function PrintQr({ url, caption, alt }: { url: string; caption: string; alt: string }) {
  const [svg, setSvg] = useState<{ url: string; src: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" })
      .then((text) => {
        if (!live) return;
        setSvg({ url, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}` });
        setFailed(false);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [url]);

  const current = svg?.url === url ? svg : null;
  return (
    <figure className="poster-qr">
      {current ? (
        <img className="poster-qr-code" src={current.src} alt={alt} data-url={current.url} data-ready="" />
      ) : (
        <div className="poster-qr-code poster-qr-missing">{failed ? "二维码生成失败" : "生成中…"}</div>
      )}
      <figcaption className="poster-qr-caption">{caption}</figcaption>
    </figure>
  );
}
