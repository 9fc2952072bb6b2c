import { runBackupCli } from "./backup-cli.js";

// Entry of `npm run backup` / `npm run restore -- FILE` (run from source by tsx: no build needed).
runBackupCli(process.argv.slice(2), process.env, console).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error("备份/恢复失败 (failed):", err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
