import type { FastifyInstance } from "fastify";
import helmet from "helmet";

/**
 * What both built apps need, and nothing more:
 * - scripts only from this origin, never inline (Vite emits <script type="module" src> and
 *   modulepreload links; no eval in the bundles);
 * - styles from this origin plus inline <style>: antd's CSS-in-JS inserts style tags at run time;
 * - images from this origin, data: (the favicon, antd icons) and blob: (photo previews);
 * - no framing at all, so that another site cannot overlay the console and trick a click on 通过.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // Over plain http (a LAN address) upgrading would break every asset; only with TLS.
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

/**
 * Security headers on every answer: pages, assets, /trpc, /healthz, 404s. `hsts` when the site is
 * served over TLS (COOKIE_SECURE=1): browsers then refuse plain http for a year. The headers are the
 * same for every answer, so helmet computes them once here; @fastify/helmet rebuilt them (parsing the
 * policy anew) on every request, a tenth of a small request's time.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts.hsts) },
      xFrameOptions: { action: "deny" },
      // Sends no Referer to other sites. Not "no-referrer": under it the Fetch standard has a browser
      // send `Origin: null` on a POST, which the tRPC Origin check would refuse.
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: opts.hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.addHook("onRequest", (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers a helmet middleware sets, read once from a response that only records them. */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown = null;
  middleware({} as never, res as never, (err?: unknown) => (failed = err ?? null));
  if (failed) throw failed;
  return headers;
}
