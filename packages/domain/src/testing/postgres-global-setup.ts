import type { TestProject } from "vitest/node";
import { dropDatabases, preparePostgresRun, RUN_ENV, TEST_DATABASE_URL } from "./postgres.js";

// vitest globalSetup of the domain suite: with TEST_DATABASE_URL, migrates this run's template
// database once and drops every database of the run at the end. Without it, nothing to do.
export default async function setup(_project: TestProject) {
  if (!TEST_DATABASE_URL) return;
  const serverUrl = TEST_DATABASE_URL;
  const run = await preparePostgresRun(serverUrl);
  // Read by the workers, which start after this.
  process.env[RUN_ENV] = run;
  console.info(`domain suite on PostgreSQL: databases ${run}_*`);
  return async () => {
    await dropDatabases(serverUrl, [], run);
  };
}
