import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The portal is served by the Fastify host at /; in development Vite proxies the API to it.
export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: {
    // The workspace root holds another React (a peer of other packages); antd-mobile and react-query
    // must share this app's copy or hooks break at runtime.
    dedupe: ["react", "react-dom"],
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
});
