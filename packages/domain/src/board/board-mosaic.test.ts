import { afterEach, beforeEach, expect, it } from "vitest";
import sharp from "sharp";
import { storeUpload } from "../files/files-service.js";
import { phoneJpeg } from "../files/test-images.js";
import { servableFile } from "../file-access.js";
import { errorShapeOf, sessionFor, trpcErrorOf } from "../testing/index.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { DEFAULT_BOARD_SETTINGS } from "./rules.js";

// The mosaic tool: rectangles of a 黑榜 photo pixelated into a new version that replaces it on the
// entry; the original kept for staff only; the photos to be confirmed again.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

/** How much neighbouring pixels differ in a square of the image: noise is high, a mosaic block is flat. */
async function roughness(image: Buffer, left: number, top: number, size: number) {
  const { data, info } = await sharp(image)
    .extract({ left, top, width: size, height: size })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let i = info.channels; i < data.length; i += info.channels)
    sum += Math.abs(data[i]! - data[i - info.channels]!);
  return sum / (data.length / info.channels);
}

it("pixelates the regions into a new photo of the entry, keeps the original for staff only, and asks to confirm again", async () => {
  const { db, people, tree, as, storage } = fx;
  const noisy = await phoneJpeg({ width: 800, height: 600, noise: true });
  const upload = await storeUpload(db, storage, { uploaderId: people.worker, input: noisy });
  const worker = await as(people.worker);
  const { id } = await worker.board.propose({
    category: "street_vending",
    courtyardId: tree.a.courtyard,
    title: "门口占道经营",
    description: "小区门口早市摊点占用人行道。",
    subjectKind: "place",
    photos: [upload.id],
  });
  const admin = await as(people.admin);
  await admin.board.confirmPhotos({ id });
  const masked = await admin.board.mosaicPhoto({
    id,
    fileId: upload.id,
    regions: [{ x: 0.25, y: 0.25, width: 0.5, height: 0.5 }],
  });

  const detail = await admin.board.detail({ id });
  expect(detail.photos.map((p) => p.id)).toEqual([masked.id]);
  expect(detail.photosConfirmed).toBe(false);
  const bytes = async (fileId: number) => {
    const f = await servableFile(db, await sessionFor(db, people.admin), fileId, "image");
    const stream = await storage.get(f!.key);
    const chunks: Buffer[] = [];
    for await (const c of stream!) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const after = await bytes(masked.id);
  const before = await bytes(upload.id);
  // Inside the region the noise is gone (flat blocks); outside it is as it was.
  expect(await roughness(after, 300, 250, 100)).toBeLessThan((await roughness(before, 300, 250, 100)) / 4);
  expect(await roughness(after, 20, 20, 80)).toBeGreaterThan((await roughness(before, 20, 20, 80)) / 2);

  // The original: the entry's staff see it; a resident and a visitor do not.
  expect(await servableFile(db, await sessionFor(db, people.worker), upload.id, "image")).not.toBeNull();
  expect(await servableFile(db, await sessionFor(db, people.resident), upload.id, "image")).toBeNull();
  expect(await servableFile(db, null, upload.id, "image")).toBeNull();
  const row = await db
    .selectFrom("file")
    .select(["owner_type", "owner_id"])
    .where("id", "=", upload.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ owner_type: "board_entry_original", owner_id: id });
});

it("refuses a photo of another entry and an empty selection, by field, changing nothing", async () => {
  const { people, tree, as } = fx;
  const worker = await as(people.worker);
  const photo = await fx.photo(people.worker);
  const { id } = await worker.board.propose({
    category: "posters",
    courtyardId: tree.a.courtyard,
    title: "小广告",
    description: "说明",
    subjectKind: "place",
    photos: [photo],
  });
  const other = await fx.photo(people.worker);
  const admin = await as(people.admin);
  const wrong = await trpcErrorOf(
    admin.board.mosaicPhoto({ id, fileId: other, regions: [{ x: 0, y: 0, width: 0.5, height: 0.5 }] }),
  );
  expect(errorShapeOf(wrong, "board.mosaicPhoto").data.fieldErrors).toEqual({
    fileId: ["该照片不属于此条目"],
  });
  const empty = await trpcErrorOf(admin.board.mosaicPhoto({ id, fileId: photo, regions: [] }));
  expect(errorShapeOf(empty, "board.mosaicPhoto").data.fieldErrors).toEqual({
    regions: ["请框选需要打码的区域"],
  });
  expect((await admin.board.detail({ id })).photos.map((p) => p.id)).toEqual([photo]);
});

it("shows the original to the entry's staff in board.detail, and never on the public board or to residents", async () => {
  const { db, people, tree, as } = fx;
  const photo = await fx.photo(people.worker);
  const worker = await as(people.worker);
  const { id } = await worker.board.propose({
    category: "corridor_clutter",
    courtyardId: tree.a.courtyard,
    title: "楼道堆放纸箱",
    description: "3单元楼道堆放纸箱，堵塞通道。",
    subjectKind: "place",
    photos: [photo],
    submit: true,
  });
  const admin = await as(people.admin);
  expect((await admin.board.detail({ id })).originals).toEqual([]);
  const masked = await admin.board.mosaicPhoto({
    id,
    fileId: photo,
    regions: [{ x: 0.1, y: 0.1, width: 0.4, height: 0.4 }],
  });
  // The admin and the 楼院's grid worker see both: the new version on the entry, the original apart.
  for (const staff of [admin, worker]) {
    const detail = await staff.board.detail({ id });
    expect(detail.photos.map((p) => p.id)).toEqual([masked.id]);
    expect(detail.originals.map((p) => p.id)).toEqual([photo]);
    expect(detail.originals[0]).toMatchObject({ url: `/files/${photo}`, thumbUrl: `/files/${photo}/thumb` });
  }

  // Published, on a board anyone may read: the board shows the masked version only.
  await admin.board.confirmPhotos({ id });
  await admin.board.approve({ id });
  const { edition_id: editionId } = await db
    .selectFrom("board_entry")
    .select("edition_id")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  await admin.board.publishEdition({ id: editionId! });
  await admin.board.setSettings({
    ...DEFAULT_BOARD_SETTINGS,
    communityId: tree.a.community,
    blackVisibility: "public",
  });
  const original = new RegExp(`/files/${photo}(/|")`);
  for (const who of [null, people.resident, people.neighbour, people.residentB]) {
    const caller = await as(who);
    const board = await caller.board.publicList({ communityId: tree.a.community });
    const entry = board.black.find((e) => e.id === id);
    expect(
      entry?.photos.map((p) => p.id),
      String(who),
    ).toEqual([masked.id]);
    expect(JSON.stringify(board), String(who)).not.toMatch(original);
    const byCourtyard = await caller.board.publicList({
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    expect(JSON.stringify(byCourtyard), String(who)).not.toMatch(original);
    if (who !== null) expect(JSON.stringify(await caller.board.mine()), String(who)).not.toMatch(original);
    // The file itself: the masked version is served to every reader, the original to none of them.
    const session = who === null ? null : await sessionFor(db, who);
    expect(await servableFile(db, session, masked.id, "image"), String(who)).not.toBeNull();
    expect(await servableFile(db, session, photo, "image"), String(who)).toBeNull();
    expect(await servableFile(db, session, photo, "thumb"), String(who)).toBeNull();
  }
  // Staff of another 楼院 may not open the entry at all.
  const other = await trpcErrorOf((await as(people.worker2)).board.detail({ id }));
  expect(other.code).toBe("FORBIDDEN");
});
