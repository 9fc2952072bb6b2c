// Links meant for phones. Pure: safe in a browser (see rules.ts).

/**
 * A link to `path` at `base` (https://cc.example.cn, or with a path prefix); just the path when there is
 * no base (in-process callers).
 */
export function phoneLink(base: string | null, path: string): string {
  if (!base) return path;
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * Whether a link points at this computer itself (localhost, 127.x.x.x, ::1, 0.0.0.0): a phone that opens
 * it reaches itself, never the server. Not a URL at all counts as no.
 */
export function isLoopbackUrl(link: string): boolean {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === "0.0.0.0" ||
    host === "::1" ||
    host === "::" ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/** What the console shows beside a phone link that points at this computer. */
export const LOOPBACK_LINK_WARNING = "手机无法访问 localhost，请设置 PUBLIC_URL 或用本机局域网地址打开后台";
