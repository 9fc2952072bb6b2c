// Another Node program using the 创城通 domain directly: no HTTP, no server, just a database file.
import {
  createCaller,
  createContext,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
} from "@chuangcheng/domain";

export async function main(file: string) {
  const db = openDatabase(file);
  await migrateToLatest(db);
  await seedDemo(db); // a 街道, two 社区 and the demo accounts; does nothing on a database with units

  // Log in as the demo community admin of 东街社区; keep the token the session cookie would carry.
  let token: string | undefined;
  const anonymous = createCaller(createContext({ db, cookies: { set: (t) => void (token = t), clear() {} } }));
  await anonymous.auth.login({ mobile: "13800000002", password: "chuangcheng2026" });
  const admin = createCaller(createContext({ db, session: await resolveSession(db, token) }));

  const community = (await admin.org.tree()).find((u) => u.kind === "community" && u.canManage);
  if (!community) throw new Error("no community to manage");
  const grid = await admin.org.create({ parentId: community.id, name: "东街社区第五网格" });
  const audit = await admin.audit.list({ page: 1, pageSize: 5 });

  await db.destroy();
  return { community: community.name, population: community.population, newUnitKind: grid.kind, lastAction: audit.items[0]?.action };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  console.info(await main(process.argv[2] ?? "example.db"));
}
