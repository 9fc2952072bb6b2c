import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import {
  createCaller,
  createContextInner,
  createSession,
  localDiskStorage,
  SESSION_COOKIE,
  storeUpload,
} from "@chuangcheng/domain";
import {
  createTestDb,
  makeOrgTree,
  makeUser,
  sessionFor,
  solidPng,
  TEST_KEYS,
} from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// The server hands the domain the store its uploads go to, so the 整改台账 downloaded over HTTP carries
// the photos before and after (the domain's own tests cover the sheet itself).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const done of cleanups.splice(0).reverse()) await done();
});

it("embeds a problem's photos in the 整改台账 served at /trpc/problem.exportLedger", async () => {
  const db = await createTestDb();
  const root = mkdtempSync(join(tmpdir(), "cc-ledger-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const storage = localDiskStorage(root);
  const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", files: { storage } });
  cleanups.push(() => app.close());

  const tree = await makeOrgTree(db);
  const resident = (
    await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    })
  ).id;
  const worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
  const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  const as = async (userId: number) =>
    createCaller(createContextInner({ db, session: await sessionFor(db, userId), keys: TEST_KEYS }));
  const photo = async (userId: number, colour: [number, number, number]) =>
    (await storeUpload(db, storage, { uploaderId: userId, input: await solidPng(80, 60, colour) })).id;

  const { id } = await (
    await as(resident)
  ).problem.report({
    courtyardId: tree.a.courtyard,
    description: "楼道堆物",
    category: "corridor_clutter",
    photos: [await photo(resident, [200, 40, 40])],
  });
  await (await as(admin)).problem.dispatch({ id, assigneeId: worker });
  await (
    await as(worker)
  ).problem.submit({ id, note: "已清理", photos: [await photo(worker, [40, 200, 40])] });

  const { token } = await createSession(db, admin);
  const res = await app.inject({
    method: "POST",
    url: "/trpc/problem.exportLedger",
    cookies: { [SESSION_COOKIE]: token },
    payload: { communityId: tree.a.community },
  });
  expect(res.statusCode).toBe(200);
  const { fileName, base64 } = res.json().result.data as { fileName: string; base64: string };
  expect(fileName).toMatch(/^问题整改台账-\d{8}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, "base64") as unknown as ArrayBuffer);
  const images = wb.getWorksheet("整改台账")!.getImages();
  expect(images).toHaveLength(2);
  // The pictures are the stored thumbnails: JPEG bytes.
  for (const image of images) {
    const media = wb.getImage(Number(image.imageId));
    expect(media.extension).toBe("jpeg");
    expect(Buffer.from(media.buffer as unknown as Uint8Array).subarray(0, 3)).toEqual(
      Buffer.from([0xff, 0xd8, 0xff]),
    );
  }
});
