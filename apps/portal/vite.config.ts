import { defineConfig } from "vite";
import { appViteConfig } from "@chuangcheng/client/vite";

// The portal is served by the Fastify host at /; in development Vite proxies the API to it.
// The shared settings are TypeScript in a workspace package, so the scripts load this file with
// `--configLoader runner` (Vite's default loader hands workspace packages to Node untranspiled).
export default defineConfig(appViteConfig({ base: "/" }));
