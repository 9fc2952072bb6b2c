import react from "@vitejs/plugin-react";
import type { UserConfig } from "vite";

export interface AppViteOptions {
  /** Where the Fastify host serves the built app ("/" for the portal, "/admin/" for the console). */
  base: string;
}

/**
 * The Vite settings the portal and the admin share. The Fastify host serves each built app under its
 * base; in development Vite proxies the API to the host on port 3000.
 */
export function appViteConfig({ base }: AppViteOptions): UserConfig {
  return {
    base,
    plugins: [react()],
    resolve: {
      // The workspace root holds another React (a peer of other packages); antd, antd-mobile and
      // react-query must share the app's copy or hooks break at runtime. @trpc/client likewise: the
      // app's copy is the one @trpc/tanstack-react-query uses, and tRPC errors are recognised with
      // `instanceof`, so this package must not bring a second one into the bundle. The query client
      // this package builds must be react-query's own QueryClient class, and the dayjs it sets up
      // (plugins, zh-cn) the one antd's DatePicker uses: one copy each.
      dedupe: ["react", "react-dom", "@trpc/client", "@tanstack/query-core", "dayjs"],
    },
    server: {
      proxy: {
        "/trpc": { target: "http://localhost:3000", changeOrigin: false },
      },
    },
    build: {
      outDir: "dist",
      emptyOutDir: true,
    },
  };
}
