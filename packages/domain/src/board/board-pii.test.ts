import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeUser, makeVolunteer, sessionFor } from "../testing/index.js";
import { servableFile } from "../file-access.js";
import { chinaToday } from "../time.js";
import { problemFixture, type ProblemFixture } from "../problem/test-fixture.js";
import { makeBoardEdition, makeBoardEntry } from "./test-fixture.js";
import { addDays, previousMonth, type BoardSettings } from "./rules.js";

// The PII walk of the 黑白榜: 黑榜 entries naming residents (a linked account with a mobile, a name typed
// by staff, a name typed beside a linked account) and 白榜 entries of people who gave no consent (one of
// them a volunteer from the roster, whose record holds a 身份证号), then every public and resident-facing
// board procedure under every 社区 setting: no full name of a 黑榜 subject, no unconsented 白榜 name,
// no mobile and no 身份证号 may be in what they answer. And a 黑榜 entry's photos are not served to
// whoever may not read the 黑榜.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const MOBILE = /1[3-9]\d{9}/;
const ID_NUMBER = /\d{17}[\dXx]/;

async function boardWithPeople() {
  const { as, db, people, tree } = fx;
  const worker = await as(people.worker);
  const admin = await as(people.admin);
  const today = chinaToday();
  const subject = await db
    .selectFrom("user")
    .select(["name", "mobile"])
    .where("id", "=", people.resident)
    .executeTakeFirstOrThrow();

  // 黑榜 linked to the resident 刘芳, her name typed into the title and the description too.
  const linkedPhoto = await fx.photo(people.worker);
  const linked = await worker.board.propose({
    category: "corridor_clutter",
    courtyardId: tree.a.courtyard,
    title: `${subject.name}家门口堆物`,
    description: `${subject.name}（${subject.mobile}）在3单元楼道堆放纸箱。`,
    subjectKind: "place",
    subjectUserId: people.resident,
    photos: [linkedPhoto],
  });
  await admin.board.confirmPhotos({ id: linked.id });
  await admin.board.approve({ id: linked.id });
  // Staff typed a softer name beside the linked account: the account's name must not leak either.
  const softened = await worker.board.propose({
    category: "flying_wire",
    courtyardId: tree.a.courtyard,
    title: "楼道飞线充电",
    description: `${subject.name}家从三楼窗口拉线给电动车充电。`,
    subjectKind: "place",
    subjectName: "刘女士",
    subjectUserId: people.resident,
    photos: [],
  });
  await admin.board.approve({ id: softened.id });
  // A name staff typed, of someone without an account.
  const typed = await worker.board.propose({
    category: "green_planting",
    courtyardId: tree.a.courtyard,
    title: "王建军毁绿种菜",
    description: "王建军在2号楼前绿地种菜，多次劝阻无效。",
    subjectKind: "place",
    subjectName: "王建军",
    photos: [],
  });
  await admin.board.approve({ id: typed.id });
  // The notice period of the linked entries is over (as if days had passed): they are up today, in
  // this month's edition (the one the entry without a notice period went into).
  const { edition_id: thisEdition } = await db
    .selectFrom("board_entry")
    .select("edition_id")
    .where("id", "=", typed.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("board_entry")
    .set({
      notice_until: addDays(today, -1),
      start_date: today,
      end_date: addDays(today, 20),
      edition_id: thisEdition,
    })
    .where("id", "in", [linked.id, softened.id])
    .execute();

  // 白榜 without consent: a neighbour's nomination, and an 优秀志愿者 from the roster.
  const neighbour = await as(people.neighbour);
  const whitePhoto = await fx.photo(people.neighbour);
  const nominated = await neighbour.board.nominate({
    category: "good_deed",
    courtyardId: tree.a.courtyard,
    title: "张明华帮助独居老人",
    description: "张明华每周帮王大爷买菜。",
    subjectKind: "person",
    subjectName: "张明华",
    photos: [whitePhoto],
  });
  await admin.board.approve({ id: nominated.id });
  const volunteer = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "孙丽娟" });
  const star = await worker.board.propose({
    category: "volunteer",
    courtyardId: tree.a.courtyard,
    title: "孙丽娟服务满百小时",
    description: "孙丽娟今年参加志愿服务120小时。",
    subjectKind: "person",
    subjectVolunteerId: volunteer.id,
    photos: [],
  });
  await admin.board.approve({ id: star.id });

  // Last month's edition, with a 黑榜 entry put right that names a resident with an account.
  const other = await makeUser(db, {
    name: "赵大海",
    role: "resident",
    unitId: tree.a.community,
    communityId: tree.a.community,
    courtyardId: tree.a.courtyard,
  });
  const lastMonth = previousMonth(today.slice(0, 7));
  const lastEdition = await makeBoardEdition(db, {
    communityId: tree.a.community,
    month: lastMonth,
    publishedBy: people.admin,
  });
  await makeBoardEntry(db, {
    courtyardId: tree.a.courtyard,
    category: "high_throw",
    proposerId: people.worker,
    state: "rectified",
    title: "赵大海高空抛物",
    description: `赵大海（${other.mobile}）从五楼扔下垃圾袋，已整改。`,
    subjectName: "赵大海",
    subjectUserId: other.id,
    editionId: lastEdition,
    startDate: `${lastMonth}-05`,
    endDate: `${lastMonth}-25`,
  });

  const editions = await admin.board.editions({ communityId: tree.a.community });
  const edition = editions.find((e) => e.id === thisEdition);
  expect(edition).toMatchObject({ month: today.slice(0, 7), publishedAt: null, entries: 5 });
  await admin.board.publishEdition({ id: thisEdition! });
  return {
    lastMonth,
    linkedPhoto,
    whitePhoto,
    linked: linked.id,
    /** what must never be in a public or resident-facing answer: 黑榜 subjects' names, mobiles, 身份证号 */
    secrets: [
      subject.name,
      subject.mobile,
      "王建军",
      "赵大海",
      other.mobile,
      volunteer.idNumber,
      volunteer.mobile,
    ],
    /** what the linked person may not read of anyone else */
    others: ["王建军", "赵大海", other.mobile, volunteer.idNumber, volunteer.mobile],
    /** the names of 白榜 people who gave no consent: masked on the board */
    unconsented: ["张明华", "孙丽娟"],
  };
}

const SETTINGS: Array<Pick<BoardSettings, "blackVisibility" | "blackNameDisplay">> = [
  { blackVisibility: "residents", blackNameDisplay: "none" },
  { blackVisibility: "residents", blackNameDisplay: "masked" },
  { blackVisibility: "public", blackNameDisplay: "none" },
  { blackVisibility: "public", blackNameDisplay: "masked" },
];

describe("the public and resident-facing board", () => {
  it.each(SETTINGS)(
    "never says a 黑榜 subject's name, an unconsented name, a mobile or a 身份证号 ($blackVisibility, $blackNameDisplay)",
    async (setting) => {
      const { as, people, tree } = fx;
      const board = await boardWithPeople();
      await (
        await as(people.admin)
      ).board.setSettings({
        communityId: tree.a.community,
        blackMaxDays: 30,
        whiteDays: 90,
        noticeDays: 3,
        rectifiedRemoval: "at_end",
        retentionDays: 365,
        ...setting,
      });
      const readers = {
        anonymous: null,
        subject: people.resident,
        neighbour: people.neighbour,
        residentB: people.residentB,
      } as const;
      const answers: Array<[string, unknown]> = [];
      for (const [who, userId] of Object.entries(readers)) {
        const caller = await as(userId);
        const now = await caller.board.publicList({ communityId: tree.a.community });
        const archive = await caller.board.publicList({
          communityId: tree.a.community,
          month: board.lastMonth,
        });
        const byCourtyard = await caller.board.publicList({
          communityId: tree.a.community,
          courtyardId: tree.a.courtyard,
        });
        const editions = await caller.board.publicEditions({ communityId: tree.a.community });
        answers.push(
          [`${who} publicList`, now],
          [`${who} archive`, archive],
          [`${who} by 楼院`, byCourtyard],
          [`${who} editions`, editions],
        );

        // The walk reads what there is: the 白榜 always, the 黑榜 as the setting allows.
        expect(now.white.map((e) => e.subject).sort(), who).toEqual(["孙**", "张**"]);
        expect(editions, who).toHaveLength(2);
        const readsBlack = setting.blackVisibility === "public" || who === "subject" || who === "neighbour";
        expect(now.blackVisible, who).toBe(readsBlack);
        expect(now.black, who).toHaveLength(readsBlack ? 3 : 0);
        expect(now.rectifiedLastMonth, who).toHaveLength(readsBlack ? 1 : 0);
        expect(byCourtyard.black, who).toHaveLength(readsBlack ? 3 : 0);
        if (readsBlack) {
          const subjects = now.black.map((e) => e.subject);
          const masked = setting.blackNameDisplay === "masked";
          expect(subjects.filter((s) => /^甲社区一号院 \S\*+$/.test(s)).length, who).toBe(masked ? 3 : 0);
        }
      }
      const check = (what: string, answer: unknown, secrets: readonly string[]) => {
        const text = JSON.stringify(answer);
        for (const secret of secrets) expect(text, `${what} says ${secret}`).not.toContain(secret);
        expect(text, what).not.toMatch(MOBILE);
        expect(text, what).not.toMatch(ID_NUMBER);
      };
      for (const [what, answer] of answers) check(what, answer, [...board.secrets, ...board.unconsented]);
      // 我的推荐 of residents who are not the subject of any entry (the neighbour's own nomination
      // names whom she nominated, as she wrote it).
      const neighbourMine = await (await as(people.neighbour)).board.mine();
      expect(neighbourMine.nominations).toHaveLength(1);
      expect(neighbourMine.notices).toEqual([]);
      check("neighbour mine", neighbourMine, board.secrets);
      check("residentB mine", await (await as(people.residentB)).board.mine(), [
        ...board.secrets,
        ...board.unconsented,
      ]);
    },
  );

  it("tells the linked person of their own entry without anyone else's data", async () => {
    const { as, people } = fx;
    const board = await boardWithPeople();
    const mine = await (await as(people.resident)).board.mine();
    expect(mine.notices.map((n) => n.id)).toContain(board.linked);
    const text = JSON.stringify(mine);
    for (const secret of [...board.others, ...board.unconsented]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(ID_NUMBER);
  });
});

describe("a 黑榜 entry's photos", () => {
  it("are served only to whoever may read the 黑榜: not to a visitor or another 社区 when it is for residents", async () => {
    const { db, people, tree, as } = fx;
    const board = await boardWithPeople();
    const visitor = null;
    const neighbour = await sessionFor(db, people.neighbour);
    const residentB = await sessionFor(db, people.residentB);
    for (const variant of ["image", "thumb"] as const) {
      expect(await servableFile(db, visitor, board.linkedPhoto, variant), variant).toBeNull();
      expect(await servableFile(db, residentB, board.linkedPhoto, variant), variant).toBeNull();
      expect(await servableFile(db, neighbour, board.linkedPhoto, variant), variant).not.toBeNull();
      // The 白榜's photos are public: the check above is not one that refuses everything.
      expect(await servableFile(db, visitor, board.whitePhoto, variant), variant).not.toBeNull();
    }
    // A 社区 that makes its 黑榜 public shows its photos to anyone.
    await (
      await as(people.admin)
    ).board.setSettings({
      communityId: tree.a.community,
      blackVisibility: "public",
      blackNameDisplay: "none",
      blackMaxDays: 30,
      whiteDays: 90,
      noticeDays: 3,
      rectifiedRemoval: "at_end",
      retentionDays: 365,
    });
    expect(await servableFile(db, visitor, board.linkedPhoto, "image")).not.toBeNull();
  });

  it("are not served to a visitor before the entry is on the board, whatever the setting", async () => {
    const { db, people, tree, as } = fx;
    await (
      await as(people.admin)
    ).board.setSettings({
      communityId: tree.a.community,
      blackVisibility: "public",
      blackNameDisplay: "none",
      blackMaxDays: 30,
      whiteDays: 90,
      noticeDays: 3,
      rectifiedRemoval: "at_end",
      retentionDays: 365,
    });
    const photo = await fx.photo(people.worker);
    await (
      await as(people.worker)
    ).board.propose({
      category: "corridor_clutter",
      courtyardId: tree.a.courtyard,
      title: "楼道堆物",
      description: "3单元楼道堆放纸箱。",
      subjectKind: "place",
      subjectUserId: people.resident,
      photos: [photo],
    });
    expect(await servableFile(db, null, photo, "image")).toBeNull();
    expect(await servableFile(db, await sessionFor(db, people.neighbour), photo, "image")).toBeNull();
    // The person it is about sees what is said of them.
    expect(await servableFile(db, await sessionFor(db, people.resident), photo, "image")).not.toBeNull();
  });
});
