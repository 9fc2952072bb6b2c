// Another Node program using the 创城通 domain directly: no HTTP, no server, just a database file.
// A resident registers as a volunteer, and the admin of their 社区 approves the registration.
import {
  AUDIT_ACTION_LABELS,
  DEMO_PASSWORD,
  createCaller,
  createContext,
  deriveDataKeys,
  generateMasterKey,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
} from "@chuangcheng/domain";

export async function main(file: string) {
  const db = openDatabase(file);
  await migrateToLatest(db);
  await seedDemo(db); // 城关街道, two 社区 and one demo account per role; nothing on a database with units
  // The 身份证号 is stored encrypted: a real program keeps its master key (the server: DATA_KEY or data.key).
  const keys = deriveDataKeys(generateMasterKey());

  // Logs in with a demo account, keeping the token the session cookie would carry.
  async function logIn(mobile: string) {
    let token = "";
    const cookies = { set: (t: string) => void (token = t), clear() {} };
    await createCaller(createContext({ db, keys, cookies })).auth.login({ mobile, password: DEMO_PASSWORD });
    return createCaller(createContext({ db, keys, session: await resolveSession(db, token) }));
  }

  // 刘芳, a resident of 东街社区 · 邮政局家属院, registers as a volunteer (志愿者注册).
  const resident = await logIn("13800000004");
  const me = await resident.auth.me();
  const submitted = await resident.volunteer.register({
    name: me.name,
    idNumber: "110105198806141021", // 性别 and 出生日期 are read from it
    mobile: "13800000004",
    courtyardId: me.courtyard!.id,
    politicalStatus: "masses",
    skills: ["elderly_care", "medical"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });

  // 李秀英, admin of 东街社区, finds the application in the review queue and approves it (通过).
  const admin = await logIn("13800000002");
  const queue = await admin.volunteer.roster({ status: "pending", name: me.name });
  await admin.volunteer.review({ ids: queue.items.map((v) => v.id), action: "approve" });

  // The resident's volunteer card now says 已注册; the 操作日志 has the approval.
  const card = await resident.volunteer.mine();
  const [entry] = (await admin.audit.list({ pageSize: 1 })).items;
  await db.destroy();
  return {
    submitted: submitted.status, // "pending"
    queued: queue.items.map((v) => `${v.name} ${v.idNumber}`), // the 身份证号 leaves the server masked
    status: card?.status, // "registered"
    skills: card?.skills, // ["elderly_care", "medical"]: typed codes, labels in SKILL_LABELS
    logged: entry && AUDIT_ACTION_LABELS[entry.action], // "通过志愿者注册"
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  console.info(await main(process.argv[2] ?? "example.db"));
}
