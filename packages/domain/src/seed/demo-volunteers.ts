import type { Kysely } from "kysely";
import type { Database, VolunteerStatus } from "../db/database.js";
import { encryptField, type DataKeys } from "../secrets/data-keys.js";
import { idNumberIndex } from "../volunteer/volunteer-service.js";
import { checkCharacter, maskIdNumber } from "../volunteer/id-number.js";
import type { ServiceTime, Skill } from "../volunteer/rules.js";
import { toJson } from "../db/json.js";

// Demo volunteers, teams and activities, so that a new installation has a roster, a review queue and
// activities to look at. Only for a database that seedDemo has just filled.

const PEOPLE: Array<[name: string, birth: string, male: boolean, skills: Skill[], party: boolean]> = [
  ["王秀兰", "1956-03-12", false, ["arts", "elderly_care"], true],
  ["陈建华", "1961-07-02", true, ["sanitation"], true],
  ["赵淑芬", "1958-11-23", false, ["arts"], false],
  ["孙志强", "1979-05-16", true, ["legal"], true],
  ["周丽娟", "1985-09-08", false, ["medical", "counseling"], false],
  ["吴国庆", "1949-10-01", true, ["haircut", "elderly_care"], true],
  ["郑美玲", "1990-02-14", false, ["education"], false],
  ["冯德胜", "1964-12-30", true, ["sanitation", "other"], false],
  ["何晓燕", "1998-06-21", false, ["education", "arts"], false],
  ["马春生", "1953-04-05", true, ["elderly_care"], true],
  ["刘桂英", "1960-08-17", false, ["sanitation", "elderly_care"], false],
  ["杨志伟", "1988-01-29", true, ["medical"], true],
];
const PENDING: Array<[name: string, birth: string, male: boolean, skills: Skill[]]> = [
  ["林小雨", "2001-04-18", false, ["education"]],
  ["高永福", "1957-09-09", true, ["sanitation"]],
];

export async function seedDemoVolunteers(
  db: Kysely<Database>,
  keys: DataKeys,
  now = new Date(),
): Promise<void> {
  const unit = async (name: string) =>
    (await db.selectFrom("org_unit").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const dongjie = await unit("东街社区");
  const xiguan = await unit("西关社区");
  const courtyards = [
    await unit("邮政局家属院"),
    await unit("房管所家属院"),
    await unit("一小家属院"),
    await unit("建安小区"),
  ];
  const at = (days: number, hour: number) =>
    new Date(now.getTime() + days * 86_400_000).setUTCHours(hour - 8, 0, 0, 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const xiguanCourtyard = await unit("供电局小区");
  let seq = 0;

  await db.transaction().execute(async (trx) => {
    const team = async (communityId: number, name: string, description: string) =>
      (
        await trx
          .insertInto("team")
          .values({
            community_id: communityId,
            name,
            description,
            leader_volunteer_id: null,
            created_at: now.toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const teams = [
      await team(dongjie, "文艺队", "腰鼓、舞蹈、百姓戏台，每周二、四晚上活动"),
      await team(dongjie, "为老服务队", "走访空巢老人，理发、读报、代购"),
      await team(dongjie, "环卫队", "楼道清理、清除小广告、垃圾分类引导"),
      await team(xiguan, "文艺队", "广场舞、合唱"),
    ];

    const add = async (
      p: [string, string, boolean, Skill[]],
      communityId: number,
      courtyardId: number,
      status: VolunteerStatus,
      party: boolean,
    ) => {
      seq++;
      const first17 = `370302${p[1].replaceAll("-", "")}${String(seq * 2 + (p[2] ? 1 : 0)).padStart(3, "0")}`;
      const id = first17 + checkCharacter(first17);
      const row = await trx
        .insertInto("volunteer")
        .values({
          user_id: null,
          community_id: communityId,
          courtyard_id: courtyardId,
          name: p[0],
          gender: p[2] ? "male" : "female",
          birth_date: p[1],
          id_number_enc: encryptField(keys, id),
          id_number_index: idNumberIndex(keys, id),
          id_number_masked: maskIdNumber(id),
          mobile: `1370000${String(1000 + seq).slice(-4)}`,
          political_status: party ? "party_member" : "masses",
          service_times: toJson<ServiceTime[]>(["weekend_morning", "weekday_evening"]),
          status,
          consent_at: now.toISOString(),
          submitted_at: iso(now.getTime() - (40 - seq) * 86_400_000),
          registered_at: status === "registered" ? iso(now.getTime() - (38 - seq) * 86_400_000) : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("volunteer_skill")
        .values(p[3].map((skill) => ({ volunteer_id: row.id, skill })))
        .execute();
      return row.id;
    };
    const registered: number[] = [];
    for (const [i, p] of PEOPLE.entries()) {
      registered.push(
        await add([p[0], p[1], p[2], p[3]], dongjie, courtyards[i % courtyards.length]!, "registered", p[4]),
      );
    }
    for (const p of PENDING) await add(p, xiguan, xiguanCourtyard, "pending", false);

    const members = [
      [0, 2, 8],
      [5, 9, 10, 4],
      [1, 7, 10, 3],
    ] as const;
    for (const [t, list] of members.entries()) {
      for (const m of list) {
        await trx
          .insertInto("team_member")
          .values({ team_id: teams[t]!, volunteer_id: registered[m]!, joined_at: now.toISOString() })
          .execute();
      }
      await trx
        .updateTable("team")
        .set({ leader_volunteer_id: registered[list[0]]! })
        .where("id", "=", teams[t]!)
        .execute();
    }

    const activity = async (
      title: string,
      kind: "volunteer_service" | "moral_lecture" | "publicity",
      startMs: number,
      hours: number,
      place: string,
      capacity: number,
      teamId: number | null,
    ) =>
      (
        await trx
          .insertInto("activity")
          .values({
            community_id: dongjie,
            kind,
            title,
            team_id: teamId,
            starts_at: iso(startMs),
            ends_at: iso(startMs + hours * 3_600_000),
            place_text: place,
            capacity,
            status: "published",
            created_at: now.toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    // A past 道德讲堂 whose hours are confirmed, and two upcoming activities.
    const past = await activity(
      "道德讲堂：身边好人故事会",
      "moral_lecture",
      at(-12, 19),
      1.5,
      "东街社区党群服务中心二楼",
      40,
      null,
    );
    await activity(
      "重阳敬老：为老人理发、读报",
      "volunteer_service",
      at(3, 9),
      2,
      "东街社区日间照料中心",
      10,
      teams[1]!,
    );
    await activity("垃圾分类宣传进楼院", "publicity", at(6, 15), 2, "建安小区中心广场", 15, teams[2]!);
    const attendees = registered.slice(0, 8);
    for (const v of attendees) {
      await trx
        .insertInto("activity_signup")
        .values({
          activity_id: past,
          volunteer_id: v,
          status: "signed",
          signed_at: iso(at(-14, 10)),
          check_in_at: iso(at(-12, 19)),
          check_out_at: iso(at(-12, 19) + 90 * 60_000),
          minutes: 90,
          hours_status: "confirmed",
          confirmed_minutes: 90,
          confirmed_at: iso(at(-12, 21)),
        })
        .execute();
      await trx.updateTable("volunteer").set({ confirmed_minutes: 90 }).where("id", "=", v).execute();
    }
    await trx
      .updateTable("activity")
      .set({ signed_count: attendees.length })
      .where("id", "=", past)
      .execute();
  });
}
