// The rejected alternative of issue 13, for the architecture bench only: CLUSTER_WORKERS processes of
// the built server (CLUSTER_ENTRY) sharing one port and one SQLite file through node:cluster.
import cluster from "node:cluster";

if (cluster.isPrimary) {
  const workers = Number(process.env.CLUSTER_WORKERS ?? 2);
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  cluster.on("exit", () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  await import(process.env.CLUSTER_ENTRY);
}
