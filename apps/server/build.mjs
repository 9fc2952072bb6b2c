// Bundles the server with the domain's TypeScript source; npm packages stay external (native better-sqlite3).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const deps = (file) => Object.keys(JSON.parse(readFileSync(file, "utf8")).dependencies ?? {});
const external = [...deps("package.json"), ...deps("../../packages/domain/package.json")].filter(
  (name) => !name.startsWith("@chuangcheng/"),
);

await build({
  // The server, and the worker threads' entries (worker-pool.ts starts dist/<entry>.js beside it).
  entryPoints: ["src/main.ts", "src/offload-worker.ts", "src/sqlite-reader-worker.ts"],
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
});
