import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import type { Kysely } from "kysely";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { chinaToday } from "../time.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeOrgTree,
  makeSignup,
  makeUser,
  makeVolunteer,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { certificateDocument } from "./certificate-service.js";
import { certificatePdf } from "./certificate-pdf.js";
import { certificateDocx } from "./certificate-docx.js";
import {
  certificateTransition,
  formatCertificateCode,
  newCertificateCode,
  normalizeCertificateCode,
  periodProblem,
} from "./certificate-rules.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;
let sysAdmin: number;
let resident: number;
let volunteer: { id: number; idNumber: string };

const TODAY = chinaToday();
const YEAR = TODAY.slice(0, 4);
const dir = mkdtempSync(join(tmpdir(), "cc-certificate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ISO time `days` days ago at 09:00 China time. */
const daysAgo = (days: number) => {
  const date = chinaToday(new Date(Date.now() - days * 86_400_000));
  return new Date(`${date}T09:00:00+08:00`).toISOString();
};

/** An attendance of `minutes` at an activity that started `startsAt`; confirmed by the 社区's admin unless told. */
async function served(volunteerId: number, startsAt: string, minutes: number, title: string, confirm = true) {
  const endsAt = new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
  const activityId = await makeActivity(db, { communityId: tree.a.community, startsAt, endsAt, title });
  const signup = await makeSignup(db, {
    activityId,
    volunteerId,
    checkInAt: startsAt,
    checkOutAt: endsAt,
    minutes,
  });
  if (confirm) await (await callerFor(db, sysAdmin)).activity.confirmHours({ signupIds: [signup] });
  return signup;
}

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  sysAdmin = (await makeUser(db, { role: "system_admin" })).id;
  resident = (
    await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    })
  ).id;
  volunteer = await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, name: "刘芳" });
});

const thisYear = { periodStart: `${YEAR}-01-01`, periodEnd: TODAY };

describe("the verification code", () => {
  it("is 20 characters of Crockford base32, different every time, printed in groups of four", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newCertificateCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(formatCertificateCode("ABCD0123EFGH4567JKMN")).toBe("ABCD-0123-EFGH-4567-JKMN");
  });

  it("reads what people type (dashes, spaces, lower case, O and I) and refuses the rest unseen", () => {
    expect(normalizeCertificateCode("abcd-o123 efgh-4567-jkmn")).toBe("ABCD0123EFGH4567JKMN");
    expect(normalizeCertificateCode("ABCD-0I23-EFGH-4567-JKML")).toBe("ABCD0123EFGH4567JKM1");
    expect(normalizeCertificateCode("ABCD-0123-EFGH-4567-JKM")).toBeNull();
    expect(normalizeCertificateCode("' OR 1=1 --")).toBeNull();
    expect(normalizeCertificateCode("ABCD-0123-EFGH-4567-JKMU")).toBeNull();
  });
});

describe("the certificate's states", () => {
  it("revokes a valid one, and never one already revoked", () => {
    expect(certificateTransition("valid", "revoke")).toBe("revoked");
    expect(() => certificateTransition("revoked", "revoke")).toThrow("该证明已撤销");
  });
});

describe("the period", () => {
  it("names the field that is wrong", () => {
    const today = "2026-12-03";
    expect(periodProblem("2026-01-01", "2026-12-03", today)).toBeNull();
    expect(periodProblem("2026-12-04", "2026-12-05", today)).toMatchObject({
      field: "periodStart",
      message: "开始日期不能晚于今天",
    });
    expect(periodProblem("2026-01-01", "2027-01-01", today)?.field).toBe("periodEnd");
    expect(periodProblem("2026-06-01", "2026-05-31", today)).toMatchObject({
      field: "periodEnd",
      message: "结束日期不能早于开始日期",
    });
    expect(periodProblem("2016-12-03", "2026-12-02", today)).toBeNull();
    expect(periodProblem("2016-12-03", "2026-12-03", today)?.message).toMatch(/不能超过10年/);
  });
});

describe("issuing", () => {
  it("counts only confirmed hours of activities in the period, records the row and the 操作日志", async () => {
    await served(volunteer.id, daysAgo(3), 90, "敬老院探访");
    await served(volunteer.id, daysAgo(2), 120, "清理楼道小广告");
    await served(volunteer.id, daysAgo(1), 60, "未确认的活动", false);
    const other = await makeVolunteer(db, { courtyardId: tree.a.courtyard });
    await served(other.id, daysAgo(2), 300, "别人的活动");
    const me = await callerFor(db, resident);
    const preview = await me.volunteer.certificatePreview(thisYear);
    expect(preview).toMatchObject({
      name: "刘芳",
      idNumber: `${volunteer.idNumber.slice(0, 6)}********${volunteer.idNumber.slice(14)}`,
      hours: 3.5,
      star: "未评星",
    });
    expect(preview.activities.map((a) => [a.title, a.hours])).toEqual([
      ["敬老院探访", 1.5],
      ["清理楼道小广告", 2],
    ]);
    expect(await db.selectFrom("volunteer_certificate").select("id").execute()).toEqual([]);

    const issued = await me.volunteer.issueCertificate(thisYear);
    expect(issued.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(issued.hours).toBe(3.5);
    const rows = await db.selectFrom("volunteer_certificate").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      volunteer_id: volunteer.id,
      minutes: 210,
      period_start: thisYear.periodStart,
      issued_by: resident,
    });
    const audit = (await auditRows(db)).filter((r) => r.action === "volunteer.certificate_issue");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: String(volunteer.id), org_unit_id: tree.a.community });

    // A later confirmation does not change what was issued.
    await served(volunteer.id, daysAgo(1), 600, "后来确认的活动");
    expect((await me.volunteer.verifyCertificate({ code: issued.code })).certificate?.hours).toBe(3.5);
    expect((await me.volunteer.certificates({})).items.map((i) => i.hours)).toEqual([3.5]);
  });

  it("leaves out activities before the period and refuses a period without confirmed hours", async () => {
    await served(volunteer.id, daysAgo(40), 60, "上个月的活动");
    const me = await callerFor(db, resident);
    const recent = { periodStart: chinaToday(new Date(Date.now() - 10 * 86_400_000)), periodEnd: TODAY };
    expect((await me.volunteer.certificatePreview(recent)).activities).toEqual([]);
    const error = await trpcErrorOf(me.volunteer.issueCertificate(recent));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("所选期间内没有已确认的志愿服务时长，无法开具证明");
    expect(await db.selectFrom("volunteer_certificate").select("id").execute()).toEqual([]);
  });

  it("refuses periods in the future, reversed or over 10 years, naming the field in Chinese", async () => {
    const me = await callerFor(db, resident);
    const cases = [
      [
        { periodStart: `${Number(YEAR) + 1}-01-01`, periodEnd: `${Number(YEAR) + 1}-02-01` },
        "periodStart",
        /开始日期/,
      ],
      [
        { periodStart: `${YEAR}-01-01`, periodEnd: `${Number(YEAR) + 1}-12-31` },
        "periodEnd",
        /结束日期不能晚于今天/,
      ],
      [{ periodStart: TODAY, periodEnd: `${YEAR}-01-01` }, "periodEnd", /结束日期不能早于开始日期/],
      [{ periodStart: `${Number(YEAR) - 12}-01-01`, periodEnd: TODAY }, "periodStart", /不能超过10年/],
      [{ periodStart: "2026-02-30", periodEnd: TODAY }, "periodStart", /开始日期格式不正确/],
    ] as const;
    for (const [period, field, message] of cases) {
      const error = await trpcErrorOf(me.volunteer.issueCertificate(period));
      expect(error.code).toBe("BAD_REQUEST");
      const shape = errorShapeOf(error, "volunteer.issueCertificate");
      expect(shape.message).toMatch(message);
      expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual([field]);
    }
  });

  it("lets an admin of the 社区 issue for its volunteer, and refuses a 社区 the caller does not manage", async () => {
    await served(volunteer.id, daysAgo(2), 120, "敬老院探访");
    const issued = await (
      await callerFor(db, adminA)
    ).volunteer.issueCertificate({ ...thisYear, volunteerId: volunteer.id });
    expect(issued.hours).toBe(2);
    const b = await callerFor(db, adminB);
    const request = { ...thisYear, volunteerId: volunteer.id };
    expect((await trpcErrorOf(b.volunteer.certificatePreview(request))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(b.volunteer.issueCertificate(request))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(b.volunteer.certificates({ volunteerId: volunteer.id }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcErrorOf(b.volunteer.revokeCertificate({ id: issued.id, reason: "越权" }))).code).toBe(
      "FORBIDDEN",
    );
    await expect(
      certificateDocument(db, await sessionFor(db, adminB), issued.id, "https://cc.example.cn"),
    ).rejects.toThrow("没有权限");
    // Another resident cannot have it either.
    const neighbour = await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
    });
    expect(
      (await trpcErrorOf((await callerFor(db, neighbour.id)).volunteer.issueCertificate(request))).code,
    ).toBe("FORBIDDEN");
    expect(await db.selectFrom("volunteer_certificate").select("id").execute()).toHaveLength(1);
  });
});

describe("verifying", () => {
  it("shows 证明有效 with the facts masked, then 已撤销 after an admin revokes it", async () => {
    await served(volunteer.id, daysAgo(2), 150, "敬老院探访");
    const issued = await (await callerFor(db, resident)).volunteer.issueCertificate(thisYear);
    const anon = await callerFor(db, null);
    const valid = await anon.volunteer.verifyCertificate({ code: issued.code.toLowerCase() });
    expect(valid.status).toBe("valid");
    expect(valid.certificate).toMatchObject({
      name: "刘*",
      idNumber: `${volunteer.idNumber.slice(0, 6)}********${volunteer.idNumber.slice(14)}`,
      hours: 2.5,
      activities: [{ title: "敬老院探访", hours: 2.5 }],
      issuer: "甲社区",
    });
    expect(JSON.stringify(valid)).not.toContain("刘芳");
    expect(JSON.stringify(valid)).not.toContain(volunteer.idNumber);

    const admin = await callerFor(db, adminA);
    await admin.volunteer.revokeCertificate({ id: issued.id, reason: "时长登记有误" });
    const revoked = await anon.volunteer.verifyCertificate({ code: issued.code });
    expect(revoked).toMatchObject({ status: "revoked", revokedOn: TODAY });
    expect(
      (await trpcErrorOf(admin.volunteer.revokeCertificate({ id: issued.id, reason: "再次" }))).code,
    ).toBe("CONFLICT");
    expect((await admin.volunteer.certificates({ volunteerId: volunteer.id })).items[0]).toMatchObject({
      revokeReason: "时长登记有误",
    });
    expect((await auditRows(db)).filter((r) => r.action === "volunteer.certificate_revoke")).toHaveLength(1);
    await expect(
      certificateDocument(db, await sessionFor(db, resident), issued.id, "http://x"),
    ).rejects.toThrow("已撤销");
  });

  it("says 证明无效 for an altered code, random bytes or SQL text, without an error", async () => {
    await served(volunteer.id, daysAgo(2), 60, "敬老院探访");
    const issued = await (await callerFor(db, resident)).volunteer.issueCertificate(thisYear);
    const last = issued.code.at(-1)!;
    const altered = issued.code.slice(0, -1) + (last === "A" ? "B" : "A");
    const anon = await callerFor(db, null);
    const random = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 97 + 13) % 256)).toString("latin1");
    for (const code of [
      altered,
      random,
      "'; DROP TABLE volunteer_certificate; --",
      `${issued.code}' OR '1'='1`,
      "",
      "\u0000\uFFFF",
    ]) {
      expect(await anon.volunteer.verifyCertificate({ code })).toEqual({
        status: "invalid",
        code: null,
        certificate: null,
        revokedOn: null,
        note: null,
      });
    }
    expect((await anon.volunteer.verifyCertificate({ code: issued.code })).status).toBe("valid");
  });

  it("stands revoked once the volunteer withdraws (their data is erased)", async () => {
    await served(volunteer.id, daysAgo(2), 60, "敬老院探访");
    const me = await callerFor(db, resident);
    const issued = await me.volunteer.issueCertificate(thisYear);
    await me.volunteer.withdraw();
    expect(
      await (await callerFor(db, null)).volunteer.verifyCertificate({ code: issued.code }),
    ).toMatchObject({
      status: "revoked",
      certificate: null,
      note: "志愿者已注销登记",
    });
  });
});

describe("the files", () => {
  // The first PDF of the process reads and parses the 20 MB font: seconds on a busy machine.
  it(
    "prints the PDF on A4 with the Chinese font embedded, the facts, the code and the QR link",
    { timeout: 30_000 },
    async () => {
      await served(volunteer.id, daysAgo(3), 90, "敬老院探访");
      await served(volunteer.id, daysAgo(2), 120, "清理楼道小广告");
      const issued = await (await callerFor(db, resident)).volunteer.issueCertificate(thisYear);
      const doc = await certificateDocument(
        db,
        await sessionFor(db, resident),
        issued.id,
        "https://cc.example.cn/",
      );
      expect(doc.verifyUrl).toBe(`https://cc.example.cn/verify/${issued.code}`);
      const pdf = await certificatePdf(doc);
      const file = join(dir, "certificate.pdf");
      writeFileSync(file, pdf);
      const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
      expect(text).toContain("志愿服务证明");
      expect(text).toContain("刘芳");
      expect(text).toContain(`${volunteer.idNumber.slice(0, 6)}********${volunteer.idNumber.slice(14)}`);
      expect(text).not.toContain(volunteer.idNumber);
      expect(text).toMatch(/累计 3\.5 小时/);
      expect(text).toContain("敬老院探访");
      expect(text).toContain(`验证码：${issued.code}`);
      expect(text).toContain("甲社区（盖章）");
      const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
      expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
      expect(fonts).toMatch(/NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
      // The QR code is the one image (with its alpha mask).
      const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" })
        .trim()
        .split("\n")
        .slice(2);
      expect(images.filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))).toHaveLength(1);
    },
  );

  it("runs a long record on to further pages, every activity listed", { timeout: 30_000 }, async () => {
    const activities = Array.from({ length: 120 }, (_, i) => ({
      date: "2026-05-01",
      title: `第${i + 1}次敬老院探访`,
      hours: 1,
    }));
    const pdf = await certificatePdf({
      id: 1,
      code: "ABCD-EFGH-JKMN-PQRS-TVWX",
      verifyUrl: "https://cc.example.cn/verify/ABCD-EFGH-JKMN-PQRS-TVWX",
      name: "刘芳",
      idNumber: "110105********1021",
      communityName: "甲社区",
      registeredOn: "2025-03-01",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-01",
      hours: 120,
      activities,
      star: "一星",
      issuer: "甲社区",
      issuedOn: "2026-12-01",
    });
    const file = join(dir, "long.pdf");
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1]);
    expect(pages).toBeGreaterThan(2);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const i of [1, 60, 120]) expect(text).toContain(`第${i}次敬老院探访`);
    // The code and the QR note come once, on the last page, after 特此证明.
    expect(text.split("验证码：ABCD-EFGH-JKMN-PQRS-TVWX")).toHaveLength(2);
    expect(text.lastIndexOf("验证码")).toBeGreaterThan(text.indexOf("特此证明"));
  });

  it("writes the Word file with 宋体 set for East Asian text, the facts and the QR image", async () => {
    await served(volunteer.id, daysAgo(3), 90, "敬老院探访");
    const issued = await (await callerFor(db, resident)).volunteer.issueCertificate(thisYear);
    const doc = await certificateDocument(
      db,
      await sessionFor(db, resident),
      issued.id,
      "https://cc.example.cn",
    );
    const zip = await JSZip.loadAsync(await certificateDocx(doc));
    const xml = await zip.file("word/document.xml")!.async("string");
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    expect(text).toContain("志愿服务证明");
    expect(text).toContain("刘芳");
    expect(text).toContain("累计 1.5 小时");
    expect(text).toContain(`验证码：${issued.code}`);
    expect(text).not.toContain(volunteer.idNumber);
    expect(xml).toMatch(/w:eastAsia="宋体"/);
    expect(xml).toMatch(/<w:pgSz w:w="11907" w:h="16840"/);
    expect(Object.keys(zip.files).some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true);
    const styles = await zip.file("word/styles.xml")!.async("string");
    expect(styles).toMatch(/w:eastAsia="宋体"/);
  });
});
