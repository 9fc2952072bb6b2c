import type { Kysely } from "kysely";
import type { Database, OrgKind, Role } from "../db/database.js";
import { hashPassword } from "../auth/password.js";

/** Documented in the README: every demo account shares this password. */
export const DEMO_PASSWORD = "chuangcheng2026";

export const DEMO_ACCOUNTS: ReadonlyArray<{ mobile: string; name: string; role: Role; unit: string; courtyard?: string }> = [
  { mobile: "13800000001", name: "王建国", role: "street_admin", unit: "城关街道" },
  { mobile: "13800000002", name: "李秀英", role: "community_admin", unit: "东街社区" },
  { mobile: "13800000005", name: "赵丽华", role: "community_admin", unit: "西关社区" },
  { mobile: "13800000003", name: "张伟", role: "grid_worker", unit: "东街社区第一网格" },
  { mobile: "13800000004", name: "刘芳", role: "resident", unit: "东街社区", courtyard: "邮政局家属院" },
];

interface UnitSeed {
  name: string;
  households?: number;
  population?: number;
  /** 社区 and 街道: the office's public contact */
  contact?: { phone: string; address: string; hours: string };
  children?: UnitSeed[];
}

const OFFICE_HOURS = "周一至周五 8:30-12:00，14:30-18:00";

const buildings = (n: number): UnitSeed[] => Array.from({ length: n }, (_, i) => ({ name: `${i + 1}号楼` }));

const DEMO_TREE: UnitSeed = {
  name: "城关街道",
  contact: { phone: "0931-8110123", address: "人民路1号 城关街道办事处一楼便民服务大厅", hours: OFFICE_HOURS },
  children: [
    {
      name: "东街社区",
      households: 3260,
      population: 9850,
      contact: { phone: "0931-8123456", address: "东街12号 东街社区党群服务中心", hours: OFFICE_HOURS },
      children: [
        {
          name: "东街社区第一网格",
          children: [
            { name: "邮政局家属院", children: buildings(4) },
            { name: "房管所家属院", children: buildings(3) },
          ],
        },
        {
          name: "东街社区第二网格",
          children: [
            { name: "一小家属院", children: buildings(3) },
            { name: "供销社家属院", children: buildings(2) },
          ],
        },
        {
          name: "东街社区第三网格",
          children: [{ name: "建安小区", children: buildings(6) }],
        },
        {
          name: "东街社区第四网格",
          children: [{ name: "粮站家属院", children: buildings(2) }],
        },
      ],
    },
    {
      name: "西关社区",
      households: 2480,
      population: 7120,
      contact: { phone: "0931-8765432", address: "西关路35号 西关社区服务站", hours: OFFICE_HOURS },
      children: [
        {
          name: "西关社区第一网格",
          children: [
            { name: "供电局小区", children: buildings(5) },
            { name: "水利局家属院", children: buildings(2) },
          ],
        },
        {
          name: "西关社区第二网格",
          children: [
            { name: "文化苑小区", children: buildings(8) },
            { name: "西关平房区", children: [] },
          ],
        },
        {
          name: "西关社区第三网格",
          children: [{ name: "医院家属院", children: buildings(3) }],
        },
      ],
    },
  ],
};

const KIND_BY_DEPTH: OrgKind[] = ["street", "community", "grid", "courtyard", "building"];

/** Fills a new database with one 街道, two 社区 and one account per role. Does nothing if any unit exists. */
export async function seedDemo(db: Kysely<Database>, now = new Date()): Promise<boolean> {
  if (await db.selectFrom("org_unit").select("id").limit(1).executeTakeFirst()) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    const insert = async (unit: UnitSeed, parentId: number | null, depth: number) => {
      const row = await trx
        .insertInto("org_unit")
        .values({
          parent_id: parentId,
          kind: KIND_BY_DEPTH[depth]!,
          name: unit.name,
          households: unit.households ?? null,
          population: unit.population ?? null,
          contact_phone: unit.contact?.phone ?? null,
          office_address: unit.contact?.address ?? null,
          office_hours: unit.contact?.hours ?? null,
          created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (depth < 4) ids.set(unit.name, row.id);
      for (const child of unit.children ?? []) await insert(child, row.id, depth + 1);
    };
    await insert(DEMO_TREE, null, 0);

    for (const account of DEMO_ACCOUNTS) {
      const unitId = ids.get(account.unit)!;
      const resident = account.role === "resident";
      const user = await trx
        .insertInto("user")
        .values({
          mobile: account.mobile,
          name: account.name,
          password_hash: passwordHash,
          community_id: resident ? unitId : null,
          courtyard_id: resident && account.courtyard ? ids.get(account.courtyard)! : null,
          created_at: now.toISOString(),
          password_changed_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("role_grant")
        .values({ user_id: user.id, role: account.role, org_unit_id: unitId, granted_by: null, created_at: now.toISOString() })
        .execute();
    }
  });
  return true;
}
