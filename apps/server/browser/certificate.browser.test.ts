import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 志愿服务证明 (issue 12): a volunteer of 东街社区 with 1.5 confirmed hours downloads the certificate PDF
// from the portal at phone width; the PDF names her, shows her 身份证号 masked, the hours and a
// verification code; its QR link opened on a logged-out phone says 证明有效 with the facts masked. A
// forged code says 证明无效; once the 社区's admin revokes it, the same link says 已撤销.
// Set-up through the API (our own resident, not the demo's 刘芳, whose settings other flows read).

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "zhou-cert-2026";
const NAME = "周晓雯";
const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/certificate-${name}.png`, fullPage: true }) : Promise.resolve();
const dir = mkdtempSync(join(tmpdir(), "cc-cert-browser-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A new mobile and 身份证号 on a retry: the failed attempt may have left its volunteer registered.
let attempts = 0;
function personFor(attempt: number) {
  const first17 = `11010519920315${String(62 + 2 * attempt).padStart(3, "0")}`;
  const idNumber = first17 + checkCharacter(first17);
  return {
    mobile: attempt === 0 ? "13912340612" : String(13912340860 + attempt),
    idNumber,
    maskedId: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
  };
}
type Person = ReturnType<typeof personFor>;

/** A registered volunteer of 东街社区 with one activity today whose 90 minutes the admin confirmed. */
async function volunteerWithHours({ mobile, idNumber }: Person) {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  const communityId = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
  const courtyardId = tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id;
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name: NAME,
    communityId,
    courtyardId,
  });
  const resident = await apiLogin(mobile, PASSWORD);
  const volunteer = await apiMutate<{ id: number }>(resident, "volunteer.register", {
    name: NAME,
    idNumber,
    mobile,
    courtyardId,
    politicalStatus: "masses",
    skills: ["elderly_care"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });
  const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
  await apiMutate(admin, "volunteer.review", { ids: [volunteer.id], action: "approve" });
  // Starts in two minutes (sign-up closes at the start; check-in opens an hour before).
  const startsAt = new Date(Date.now() + 2 * 60_000);
  const activity = await apiMutate<{ id: number }>(admin, "activity.create", {
    communityId,
    kind: "volunteer_service",
    title: "证明测试：敬老院读报",
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    placeText: "东街敬老院",
    capacity: 5,
  });
  const { signupId } = await apiMutate<{ signupId: number }>(resident, "activity.signUp", {
    activityId: activity.id,
  });
  await apiMutate(admin, "activity.attend", { signupId, kind: "in" });
  await apiMutate(admin, "activity.attend", { signupId, kind: "out" });
  // The organiser confirms 90 minutes from the paper sign-in sheet (签退 came before the start).
  await apiMutate(admin, "activity.confirmHours", {
    signupIds: [signupId],
    minutes: 90,
    reason: "按纸质签到表补录",
  });
  return { admin, volunteerId: volunteer.id };
}

it(
  "a volunteer downloads the 志愿服务证明 PDF; its QR link shows 证明有效 on a logged-out phone",
  { timeout: 180_000 },
  async () => {
    const person = personFor(attempts++);
    const { admin, volunteerId } = await volunteerWithHours(person);

    const phone = await session.page();
    phone.setDefaultTimeout(30_000);
    await phone.goto(`${baseUrl()}/login`);
    await phone.locator("#login_mobile").fill(person.mobile);
    await phone.locator("#login_password").fill(PASSWORD);
    await phone.getByRole("button", { name: "登录", exact: true }).click();
    await phone.waitForURL(/\/me$|\/$/);

    // 我的志愿者 → 开具志愿服务证明: this year, the confirmed hours and the activity.
    await phone.goto(`${baseUrl()}/volunteer`);
    await phone.getByText("开具志愿服务证明").click();
    await phone.waitForURL(/\/volunteer\/certificate$/);
    await expect.poll(() => phone.getByTestId("certificate-hours").textContent()).toBe("1.5");
    expect(await phone.getByTestId("certificate-activities").textContent()).toContain("证明测试：敬老院读报");
    await shot(phone, "portal-390");

    // A custom period in the future is refused in Chinese, naming the field.
    await phone.getByText("自定义", { exact: true }).click();
    const nextYear = String(Number(new Date().toISOString().slice(0, 4)) + 1);
    await phone.getByTestId("certificate-end").fill(`${nextYear}-12-31`);
    await expect
      .poll(() => phone.getByTestId("certificate-error").textContent())
      .toContain("结束日期不能晚于今天");
    await shot(phone, "portal-future-390");
    await phone.getByText("今年", { exact: true }).click();
    await expect.poll(() => phone.getByTestId("certificate-hours").textContent()).toBe("1.5");

    const [saved] = await Promise.all([
      phone.waitForEvent("download"),
      phone.getByRole("button", { name: "下载PDF" }).click(),
    ]);
    expect(saved.suggestedFilename()).toMatch(/^志愿服务证明-周晓雯-\d{4}\.pdf$/);
    const file = join(dir, "certificate.pdf");
    await saved.saveAs(file);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(NAME);
    expect(text).toContain(person.maskedId);
    expect(text).not.toContain(person.idNumber);
    expect(text).toMatch(/累计 1\.5 小时/);
    expect(text).toContain("东街社区（盖章）");
    const code = /验证码：([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})/.exec(text)?.[1];
    expect(code).toBeDefined();
    const link = /(https?:\/\/\S+\/verify\/\S+)/.exec(text)?.[1];
    expect(link).toBe(`${baseUrl()}/verify/${code}`);
    if (SHOTS)
      execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file, `${SHOTS}/certificate-pdf`]);
    // Issued once, listed on the page to download again.
    await expect.poll(() => phone.getByTestId("certificate-issued-item").count()).toBe(1);

    // The QR link on a phone that is not logged in.
    const stranger = await session.page();
    await stranger.goto(link!);
    await expect.poll(() => stranger.getByTestId("verify-status").textContent()).toBe("证明有效");
    expect(await stranger.getByTestId("verify-name").textContent()).toBe("周**");
    expect(await stranger.getByTestId("verify-id").textContent()).toBe(person.maskedId);
    expect(await stranger.getByTestId("verify-hours").textContent()).toBe("1.5 小时");
    const page = await stranger.content();
    expect(page).not.toContain(NAME);
    expect(page).not.toContain(person.idNumber);
    await shot(stranger, "verify-valid-390");

    // One character changed, or SQL text: 证明无效.
    const forged = code!.slice(0, -1) + (code!.endsWith("A") ? "B" : "A");
    for (const bad of [forged, encodeURIComponent("' OR '1'='1")]) {
      await stranger.goto(`${baseUrl()}/verify/${bad}`);
      await expect.poll(() => stranger.getByTestId("verify-status").textContent()).toBe("证明无效");
    }
    await shot(stranger, "verify-invalid-390");

    // The 社区's admin finds her in the roster, opens 开具证明 and revokes it with a reason.
    const issued = await apiQuery<{ items: Array<{ code: string }> }>(admin, "volunteer.certificates", {
      volunteerId,
    });
    expect(issued.items.map((c) => c.code)).toEqual([code]);
    const desk = await session.page({ width: 1280, height: 900 });
    desk.setDefaultTimeout(30_000);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/volunteers?q=${person.mobile.slice(-4)}`);
    await desk.getByRole("button", { name: NAME, exact: true }).click();
    await desk.getByRole("button", { name: "开具证明" }).click();
    const modal = desk.locator(".ant-modal", { hasText: "开具志愿服务证明" });
    await expect.poll(() => modal.textContent()).toContain("1.5 小时");
    await expect.poll(() => modal.locator(".ant-table-row").count()).toBe(1);
    expect(await modal.locator(".ant-table-row").textContent()).toContain(code);
    await shot(desk, "console-modal");
    await modal
      .locator(".ant-table-row")
      .getByRole("button", { name: /撤\s*销/ })
      .click();
    const confirm = desk.locator(".ant-modal", { hasText: "撤销后，扫码核验将显示" });
    await confirm.getByLabel("撤销原因").fill("时长登记有误，重新开具");
    await confirm.getByRole("button", { name: /撤\s*销/ }).click();
    await expect.poll(() => modal.locator(".ant-table-row").textContent()).toContain("已撤销");
    await shot(desk, "console-revoked");
    await stranger.goto(link!);
    await expect.poll(() => stranger.getByTestId("verify-status").textContent()).toBe("已撤销");
    await shot(stranger, "verify-revoked-390");
  },
);
