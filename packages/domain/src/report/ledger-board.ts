import { categoriesOf } from "../board/board-categories.js";
import { boardSettingsOf } from "../board/board-settings.js";
import {
  BOARD_KIND_LABELS,
  BOARD_STATE_LABELS,
  publicSubject,
  redactSubject,
  type BoardSettings,
  type SubjectFacts,
} from "../board/rules.js";
import { LEDGERS } from "./ledger-catalog.js";
import {
  chinaDateText,
  LEDGER_PAGE,
  type LedgerCell,
  type LedgerScope,
  type LedgerSource,
} from "./ledger-common.js";

// 红黑榜台账: the entries of the 红黑榜 editions published for the months of the period, edition by
// edition. Who an entry is about is written as the board itself shows it (publicSubject): a 黑榜
// person never by full name — the place, and a masked name only where the 社区 chose so — and their
// name is taken out of the title the same way (redactSubject).

const month = (date: string) => date.slice(0, 7);

function entryQuery(s: LedgerScope) {
  return s.db
    .selectFrom("board_entry as e")
    .innerJoin("board_edition as ed", "ed.id", "e.edition_id")
    .where("e.community_id", "in", s.unitIds)
    .where("ed.published_at", "is not", null)
    .where("ed.month", ">=", month(s.from))
    .where("ed.month", "<=", month(s.to));
}

export const boardLedger: LedgerSource = {
  info: LEDGERS.board,
  permission: LEDGERS.board.permission,
  unitKinds: LEDGERS.board.unitKinds,
  async count(s) {
    const row = await entryQuery(s)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async *rows(s) {
    const settings = new Map<number, BoardSettings>();
    const labels = new Map<number, Map<string, string>>();
    let after: { month: string; id: number } | null = null;
    let n = 0;
    for (;;) {
      let q = entryQuery(s)
        .innerJoin("org_unit as courtyard", "courtyard.id", "e.courtyard_id")
        .leftJoin("org_unit as building", "building.id", "e.building_id")
        .select([
          "e.id",
          "e.community_id",
          "e.kind",
          "e.category",
          "e.title",
          "e.subject_kind",
          "e.subject_name",
          "e.consent_at",
          "e.state",
          "e.start_date",
          "e.end_date",
          "e.rectified_at",
          "e.withdrawn_at",
          "ed.month",
          "ed.title as edition_title",
          "courtyard.name as courtyard_name",
          "building.name as building_name",
        ]);
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb("ed.month", ">", a.month),
            eb.and([eb("ed.month", "=", a.month), eb("e.id", ">", a.id)]),
          ]),
        );
      }
      const page = await q.orderBy("ed.month").orderBy("e.id").limit(LEDGER_PAGE).execute();
      if (page.length === 0) return;
      for (const r of page) {
        if (!settings.has(r.community_id)) {
          settings.set(r.community_id, await boardSettingsOf(s.db, r.community_id));
          labels.set(
            r.community_id,
            new Map((await categoriesOf(s.db, r.community_id)).map((c) => [c.code, c.label])),
          );
        }
        const display = settings.get(r.community_id)!.blackNameDisplay;
        const facts: SubjectFacts = {
          kind: r.kind,
          subjectKind: r.subject_kind,
          subjectName: r.subject_name,
          consented: r.consent_at !== null,
          placeName: [r.courtyard_name, r.building_name].filter(Boolean).join(" "),
        };
        yield [
          ++n,
          r.edition_title,
          BOARD_KIND_LABELS[r.kind],
          labels.get(r.community_id)!.get(r.category) ?? r.category,
          r.courtyard_name,
          redactSubject(r.title, facts, display),
          publicSubject(facts, display),
          BOARD_STATE_LABELS[r.state],
          r.start_date ?? "",
          r.end_date ?? "",
          chinaDateText(r.rectified_at ?? r.withdrawn_at),
        ] satisfies LedgerCell[];
      }
      const last = page.at(-1)!;
      after = { month: last.month, id: last.id };
    }
  },
};
