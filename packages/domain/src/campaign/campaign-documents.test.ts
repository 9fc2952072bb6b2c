import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  createTestDb,
  errorShapeOf,
  makeDocumentRow,
  makeFileRow,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { servableDocument, servableFile } from "../file-access.js";
import { campaignPeople, periodFrom } from "./test-fixture.js";

// A campaign's own documents (实施方案) and pictures: added and removed by whoever manages the campaign
// (a street's campaign: the street's admins, not its 社区), seen by everyone who sees the campaign.

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  const street = await fx.as(fx.people.street);
  ({ id: campaignId } = await street.campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    ...periodFrom(1),
    scopeUnitId: fx.tree.street,
  }));
});

describe("a campaign's documents", () => {
  it("adds a 实施方案 and a picture, lists them on the campaign, and takes them off", async () => {
    const street = await fx.as(fx.people.street);
    const plan = await makeDocumentRow(db, fx.people.street, "城关街道创文实施方案.pdf");
    const picture = await makeFileRow(db, fx.people.street);
    const added = await street.campaign.addDocuments({
      id: campaignId,
      documents: [plan],
      photos: [picture],
    });
    expect(added.documents.map((d) => d.name)).toEqual(["城关街道创文实施方案.pdf"]);
    expect(added.pictures.map((p) => p.id)).toEqual([picture]);
    const detail = await (await fx.as(fx.people.adminA)).campaign.detail({ id: campaignId });
    expect(detail.documents).toEqual(added.documents);
    expect(detail.pictures).toEqual(added.pictures);

    const left = await street.campaign.removeDocument({ id: campaignId, kind: "document", fileId: plan });
    expect(left.documents).toEqual([]);
    expect(left.pictures).toHaveLength(1);
    expect(
      (await trpcErrorOf(street.campaign.removeDocument({ id: campaignId, kind: "document", fileId: plan })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (await street.campaign.removeDocument({ id: campaignId, kind: "photo", fileId: picture })).pictures,
    ).toEqual([]);
  });

  it("shows them to everyone who sees the campaign (its 社区 and grid workers), to no resident or visitor", async () => {
    const street = await fx.as(fx.people.street);
    const plan = await makeDocumentRow(db, fx.people.street);
    const picture = await makeFileRow(db, fx.people.street);
    await street.campaign.addDocuments({ id: campaignId, documents: [plan], photos: [picture] });
    const sees = async (userId: number | null) => {
      const session = userId === null ? null : await sessionFor(db, userId);
      return [
        (await servableDocument(db, session, plan)) !== null,
        (await servableFile(db, session, picture, "thumb")) !== null,
      ];
    };
    for (const who of [fx.people.adminA, fx.people.adminB, fx.people.workerA, fx.people.workerB])
      expect(await sees(who)).toEqual([true, true]);
    expect(await sees(fx.people.resident)).toEqual([false, false]);
    expect(await sees(null)).toEqual([false, false]);
  });

  it("is for whoever manages the campaign: a 社区 admin of a street's campaign is refused, and nothing is attached", async () => {
    const admin = await fx.as(fx.people.adminA);
    const doc = await makeDocumentRow(db, fx.people.adminA);
    expect((await trpcErrorOf(admin.campaign.addDocuments({ id: campaignId, documents: [doc] }))).code).toBe(
      "FORBIDDEN",
    );
    const row = await db
      .selectFrom("document")
      .select("owner_id")
      .where("id", "=", doc)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
  });

  it("refuses nothing to add, someone else's upload and an unknown campaign, by field", async () => {
    const street = await fx.as(fx.people.street);
    const fieldErrors = async (input: Parameters<typeof street.campaign.addDocuments>[0]) =>
      errorShapeOf(await trpcErrorOf(street.campaign.addDocuments(input)), "campaign.addDocuments").data
        .fieldErrors;
    expect(await fieldErrors({ id: campaignId })).toEqual({ documents: ["请至少上传一份文件或一张照片"] });
    expect(
      await fieldErrors({ id: campaignId, documents: [await makeDocumentRow(db, fx.people.adminA)] }),
    ).toEqual({
      documents: ["文件不存在或已过期（上传后须在 24 小时内提交），请重新上传"],
    });
    expect((await trpcErrorOf(street.campaign.addDocuments({ id: 999_999, documents: [1] }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
