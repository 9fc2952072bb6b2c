// The domain suite's second run, on PostgreSQL: `npm test` runs it after the SQLite run. TEST_DATABASE_URL
// names the server (tooling/postgres/start-test-cluster.sh starts a throwaway one); without it the run is
// skipped with a line saying so, never silently. Arguments go to vitest (npm run test:pg -- src/auth).
import { spawnSync } from "node:child_process";

if (!process.env.TEST_DATABASE_URL) {
  console.info("PostgreSQL not available (TEST_DATABASE_URL unset): domain suite ran on SQLite only");
  process.exit(0);
}
console.info("domain suite on PostgreSQL (TEST_DATABASE_URL)");
const run = spawnSync("vitest", ["run", ...process.argv.slice(2)], { stdio: "inherit" });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
