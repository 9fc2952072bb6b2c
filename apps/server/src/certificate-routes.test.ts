import type { Kysely } from "kysely";
import JSZip from "jszip";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createSession, SESSION_COOKIE, type Database } from "@chuangcheng/domain";
import {
  callerFor,
  createTestDb,
  makeActivity,
  makeOrgTree,
  makeSignup,
  makeUser,
  makeVolunteer,
  TEST_KEYS,
} from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// GET /api/certificates/:id.pdf and .docx through the real server: the files for the volunteer and
// the 社区's admin, with the QR link on PUBLIC_URL; the refusals by status in Chinese.

let db: Kysely<Database>;
let app: Awaited<ReturnType<typeof buildServer>>;
let people: Record<"resident" | "adminA" | "adminB", number>;
let certificateId: number;
let code: string;

const cookieOf = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(db, userId)).token}`;
const get = async (url: string, userId?: number) =>
  app.inject({ method: "GET", url, headers: userId ? { cookie: await cookieOf(userId) } : {} });

beforeEach(async () => {
  db = await createTestDb();
  app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", publicUrl: "https://cc.example.cn" });
  const tree = await makeOrgTree(db);
  const user = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  people = {
    resident: await user({ role: "resident", unitId: tree.a.community, communityId: tree.a.community }),
    adminA: await user({ role: "community_admin", unitId: tree.a.community }),
    adminB: await user({ role: "community_admin", unitId: tree.b.community }),
  };
  const volunteer = await makeVolunteer(db, {
    courtyardId: tree.a.courtyard,
    userId: people.resident,
    name: "刘芳",
  });
  const startsAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const endsAt = new Date(Date.now() - 2 * 86_400_000 + 3_600_000).toISOString();
  const activityId = await makeActivity(db, {
    communityId: tree.a.community,
    startsAt,
    endsAt,
    title: "敬老院探访",
  });
  const signup = await makeSignup(db, {
    activityId,
    volunteerId: volunteer.id,
    checkInAt: startsAt,
    checkOutAt: endsAt,
    minutes: 60,
  });
  await (await callerFor(db, people.adminA)).activity.confirmHours({ signupIds: [signup] });
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const issued = await (
    await callerFor(db, people.resident)
  ).volunteer.issueCertificate({
    periodStart: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
      new Date(Date.now() - 30 * 86_400_000),
    ),
    periodEnd: today,
  });
  certificateId = issued.id;
  code = issued.code;
});

afterEach(async () => {
  await app.close();
});

// The first PDF of the process reads and parses the 20 MB font: seconds on a busy machine.
it(
  "sends the PDF and the Word file to the volunteer and the 社区's admin, as attachments",
  { timeout: 30_000 },
  async () => {
    const pdf = await get(`/api/certificates/${certificateId}.pdf`, people.resident);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("志愿服务证明-刘芳-")}`,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const docx = await get(`/api/certificates/${certificateId}.docx`, people.adminA);
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file("word/document.xml")!.async("string");
    expect(xml).toContain(`https://cc.example.cn/verify/${code}`);
  },
);

it("refuses in Chinese: no session 401, a bad address 400, another 社区's admin 403, none 404, revoked 409", async () => {
  const cases: Array<[string, number | undefined, number, string]> = [
    [`/api/certificates/${certificateId}.pdf`, undefined, 401, "请先登录"],
    [
      `/api/certificates/${certificateId}.exe`,
      people.resident,
      400,
      "证明编号或文件格式不正确（应为 编号.pdf 或 编号.docx）",
    ],
    [
      "/api/certificates/1%27%20OR%201=1.pdf",
      people.resident,
      400,
      "证明编号或文件格式不正确（应为 编号.pdf 或 编号.docx）",
    ],
    [`/api/certificates/${certificateId}.pdf`, people.adminB, 403, "没有权限执行此操作"],
    [`/api/certificates/${certificateId + 100}.pdf`, people.adminA, 404, "证明不存在"],
  ];
  for (const [url, userId, status, error] of cases) {
    const res = await get(url, userId);
    expect([url, res.statusCode, res.json().error]).toEqual([url, status, error]);
  }
  await (
    await callerFor(db, people.adminA)
  ).volunteer.revokeCertificate({ id: certificateId, reason: "时长有误" });
  const revoked = await get(`/api/certificates/${certificateId}.pdf`, people.resident);
  expect([revoked.statusCode, revoked.json().error]).toEqual([409, "该证明已撤销，不能再下载"]);
});
