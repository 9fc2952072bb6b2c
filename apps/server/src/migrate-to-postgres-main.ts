import { runMigrateToPostgresCli } from "./migrate-to-postgres-cli.js";

// Entry of `npm run migrate-to-postgres -- --from FILE --to URL` (run from source by tsx: no build needed).
runMigrateToPostgresCli(process.argv.slice(2), process.env, console).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error("迁移失败 (failed):", err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
