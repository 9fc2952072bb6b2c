import { describe, expect, it } from "vitest";
import {
  BLACK_CATEGORY_LABELS,
  BOARD_ACTIONS,
  BOARD_ACTION_LABELS,
  BOARD_KINDS,
  BOARD_STATES,
  BOARD_STATE_LABELS,
  BoardTransitionError,
  DEFAULT_BOARD_SETTINGS,
  SUBJECT_KINDS_OF,
  WHITE_CATEGORY_LABELS,
  addDays,
  boardTransition,
  canAppealOn,
  chinaDateOf,
  editionTitle,
  erasedTitle,
  kindOfCategory,
  monthLabel,
  offBoardReason,
  previousMonth,
  publicSubject,
  redactSubject,
  retentionFrom,
  retentionOver,
  type BoardAction,
  type BoardCategory,
  type BoardKind,
  type BoardState,
  type RetentionFacts,
  type ShowingFacts,
  type SubjectFacts,
} from "./rules.js";

// The board's pure rules: the transition table cell by cell, when an entry is on the board, when the
// linked person may 申诉, and what a public page says of the people on it.

/** Every legal move, written out again by hand from the issue: anything else is refused. */
const LEGAL: Record<BoardState, Partial<Record<BoardAction, BoardState>>> = {
  draft: { submit: "pending" },
  pending: { approve: "published", reject: "rejected" },
  rejected: { revise: "draft" },
  published: { appeal: "appealing", rectify: "rectified", withdraw: "withdrawn" },
  appealing: { uphold: "published", revoke: "withdrawn", rectify: "rectified" },
  rectified: { withdraw: "withdrawn" },
  withdrawn: {},
};
const BLACK_ONLY: readonly BoardAction[] = ["appeal", "uphold", "revoke", "rectify"];

function refusal(kind: BoardKind, from: BoardState, action: BoardAction): BoardTransitionError {
  try {
    boardTransition(kind, from, action);
  } catch (error) {
    if (error instanceof BoardTransitionError) return error;
    throw error;
  }
  throw new Error(`${kind} ${from} --${action}--> was allowed`);
}

describe("boardTransition", () => {
  const cells = BOARD_KINDS.flatMap((kind) =>
    BOARD_STATES.flatMap((from) => BOARD_ACTIONS.map((action) => [kind, from, action] as const)),
  );

  it.each(cells)("%s: %s --%s-->", (kind, from, action) => {
    const to = LEGAL[from][action];
    if (kind === "white" && BLACK_ONLY.includes(action)) {
      const error = refusal(kind, from, action);
      expect(error).toMatchObject({ from, action, message: `白榜条目不能${BOARD_ACTION_LABELS[action]}` });
    } else if (to === undefined) {
      const error = refusal(kind, from, action);
      expect(error).toMatchObject({
        from,
        action,
        message: `该条目${BOARD_STATE_LABELS[from]}，不能${BOARD_ACTION_LABELS[action]}`,
      });
    } else {
      expect(boardTransition(kind, from, action)).toBe(to);
    }
  });

  it("has the moves of the issue, the 黑榜's due process only for the 黑榜", () => {
    expect(boardTransition("white", "pending", "approve")).toBe("published");
    expect(boardTransition("black", "published", "appeal")).toBe("appealing");
    expect(boardTransition("black", "appealing", "uphold")).toBe("published");
    expect(boardTransition("black", "appealing", "revoke")).toBe("withdrawn");
    expect(boardTransition("white", "published", "withdraw")).toBe("withdrawn");
    expect(refusal("white", "published", "appeal").message).toBe("白榜条目不能申诉");
    expect(refusal("white", "published", "rectify").message).toBe("白榜条目不能已整改");
    expect(refusal("black", "withdrawn", "withdraw").message).toBe("该条目已撤榜，不能撤榜");
    expect(refusal("black", "published", "approve").message).toBe("该条目已公示，不能审核通过");
    expect(refusal("black", "draft", "approve").message).toBe("该条目草稿，不能审核通过");
  });

  it("leaves 已撤榜 final", () => {
    for (const kind of BOARD_KINDS)
      for (const action of BOARD_ACTIONS)
        expect(() => boardTransition(kind, "withdrawn", action)).toThrow(BoardTransitionError);
  });
});

describe("the vocabulary", () => {
  it("knows each category's kind, and the subjects each kind may have", () => {
    for (const c of Object.keys(WHITE_CATEGORY_LABELS))
      expect(kindOfCategory(c as BoardCategory)).toBe("white");
    for (const c of Object.keys(BLACK_CATEGORY_LABELS))
      expect(kindOfCategory(c as BoardCategory)).toBe("black");
    expect(SUBJECT_KINDS_OF.white).toEqual(["person", "household", "courtyard"]);
    expect(SUBJECT_KINDS_OF.black).toEqual(["place"]);
  });

  it("has the issue's defaults: 黑榜 residents only, no name, 30 days, 3 days to 申诉, a year's retention", () => {
    expect(DEFAULT_BOARD_SETTINGS).toEqual({
      blackVisibility: "residents",
      blackNameDisplay: "none",
      blackMaxDays: 30,
      whiteDays: 90,
      noticeDays: 3,
      rectifiedRemoval: "at_end",
      retentionDays: 365,
    });
  });
});

describe("offBoardReason", () => {
  const up: ShowingFacts = {
    kind: "black",
    state: "published",
    startDate: "2026-12-05",
    endDate: "2026-12-20",
    noticeUntil: "2026-12-04",
    editionPublished: true,
  };
  const atEnd = { rectifiedRemoval: "at_end" as const };
  const atOnce = { rectifiedRemoval: "at_once" as const };

  it("is null for a 已公示 entry of a published edition within its window, from its first to its last day", () => {
    expect(offBoardReason(up, "2026-12-05", atEnd)).toBeNull();
    expect(offBoardReason(up, "2026-12-12", atEnd)).toBeNull();
    expect(offBoardReason(up, "2026-12-20", atEnd)).toBeNull();
    expect(offBoardReason({ ...up, noticeUntil: null }, "2026-12-05", atOnce)).toBeNull();
  });

  it.each(["draft", "pending", "appealing", "withdrawn", "rejected"] as const)(
    "names the state of a %s entry",
    (state) => {
      expect(offBoardReason({ ...up, state }, "2026-12-10", atEnd)).toBe(BOARD_STATE_LABELS[state]);
    },
  );

  it("says why each other entry is off: edition, start, notice period, end, 已整改 at once", () => {
    expect(offBoardReason({ ...up, editionPublished: false }, "2026-12-10", atEnd)).toBe("所在期次未发布");
    expect(offBoardReason({ ...up, noticeUntil: null }, "2026-12-04", atEnd)).toBe("未到公示日期");
    expect(offBoardReason({ ...up, startDate: "2026-12-01" }, "2026-12-04", atEnd)).toBe("申诉告知期内");
    expect(offBoardReason({ ...up, startDate: "2026-12-01" }, "2026-12-05", atEnd)).toBeNull();
    expect(offBoardReason(up, "2026-12-21", atEnd)).toBe("已到期撤榜");
    expect(offBoardReason({ ...up, state: "rectified" }, "2026-12-10", atOnce)).toBe("已整改撤榜");
  });

  it("keeps a 已整改 entry up to its end unless the 社区 takes them down at once", () => {
    const rectified = { ...up, state: "rectified" as const };
    expect(offBoardReason(rectified, "2026-12-10", atEnd)).toBeNull();
    expect(offBoardReason(rectified, "2026-12-21", atEnd)).toBe("已到期撤榜");
    expect(offBoardReason(rectified, "2026-12-10", atOnce)).toBe("已整改撤榜");
  });

  it("applies to the 白榜 the same way (no notice period there)", () => {
    const white = { ...up, kind: "white" as const, noticeUntil: null };
    expect(offBoardReason(white, "2026-12-10", atEnd)).toBeNull();
    expect(offBoardReason(white, "2026-12-21", atEnd)).toBe("已到期撤榜");
  });
});

describe("canAppealOn", () => {
  it("allows 申诉 up to and including the last day of the notice period, never without one", () => {
    expect(canAppealOn("2026-12-04", "2026-12-01")).toBe(true);
    expect(canAppealOn("2026-12-04", "2026-12-04")).toBe(true);
    expect(canAppealOn("2026-12-04", "2026-12-05")).toBe(false);
    expect(canAppealOn(null, "2026-12-01")).toBe(false);
  });
});

describe("publicSubject and redactSubject", () => {
  const placeName = "幸福家园 3号楼";
  const black = (subjectName: string | null): SubjectFacts => ({
    kind: "black",
    subjectKind: "place",
    subjectName,
    consented: false,
    placeName,
  });
  const white = (
    subjectKind: SubjectFacts["subjectKind"],
    subjectName: string | null,
    consented = false,
  ): SubjectFacts => ({
    kind: "white",
    subjectKind,
    subjectName,
    consented,
    placeName,
  });

  it("shows a 黑榜 entry by its place, a named person by default not at all, at most masked", () => {
    expect(publicSubject(black("刘芳"), "none")).toBe(placeName);
    expect(publicSubject(black("刘芳"), "masked")).toBe(`${placeName} 刘*`);
    expect(publicSubject(black("欧阳明月"), "masked")).toBe(`${placeName} 欧***`);
    expect(publicSubject(black(null), "masked")).toBe(placeName);
    expect(publicSubject(black(null), "none")).toBe(placeName);
  });

  it.each(["none", "masked"] as const)(
    "shows a 白榜 person masked without consent, in full with it, a household as written, a 楼院 by name (%s)",
    (display) => {
      expect(publicSubject(white("person", "张明华"), display)).toBe("张**");
      expect(publicSubject(white("person", "张明华", true), display)).toBe("张明华");
      expect(publicSubject(white("person", null), display)).toBe(placeName);
      expect(publicSubject(white("household", "3号楼2单元 张家"), display)).toBe("3号楼2单元 张家");
      expect(publicSubject(white("courtyard", null), display)).toBe(placeName);
      expect(publicSubject(white("courtyard", "张明华"), display)).toBe(placeName);
    },
  );

  it("takes a 黑榜 subject's full name out of the text wherever it was typed: 某居民 by default, masked if chosen", () => {
    const text = "刘芳在楼道堆放纸箱，刘芳表示会清理。";
    expect(redactSubject(text, black("刘芳"), "none")).toBe("某居民在楼道堆放纸箱，某居民表示会清理。");
    expect(redactSubject(text, black("刘芳"), "masked")).toBe("刘*在楼道堆放纸箱，刘*表示会清理。");
    expect(redactSubject(text, black(" 刘芳 "), "none")).not.toContain("刘芳");
    expect(redactSubject(text, black(null), "none")).toBe(text);
    expect(redactSubject(text, black("  "), "none")).toBe(text);
  });

  it.each(["none", "masked"] as const)(
    "masks a 白榜 person's name in the text without consent, leaves it with consent or for a household (%s)",
    (display) => {
      const text = "张明华每周帮王大爷买菜。";
      expect(redactSubject(text, white("person", "张明华"), display)).toBe("张**每周帮王大爷买菜。");
      expect(redactSubject(text, white("person", "张明华", true), display)).toBe(text);
      expect(redactSubject(text, white("household", "张明华"), display)).toBe(text);
      expect(redactSubject(text, white("courtyard", "张明华"), display)).toBe(text);
      expect(redactSubject(text, white("person", null), display)).toBe(text);
    },
  );
});

describe("dates and months", () => {
  it("adds days across months, years and a leap day, and back", () => {
    expect(addDays("2026-12-02", 3)).toBe("2026-12-05");
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-03-31", 0)).toBe("2026-03-31");
    // A 30-day 黑榜 from the 5th ends on the 3rd of the next month (29 days after its first).
    expect(addDays("2026-12-05", 29)).toBe("2027-01-03");
  });

  it("writes a month the Chinese way, without a leading zero", () => {
    expect(monthLabel("2026-01")).toBe("2026年1月");
    expect(monthLabel("2026-12")).toBe("2026年12月");
    expect(editionTitle("2026-12", "东街社区")).toBe("2026年12月 东街社区红黑榜");
  });

  it("finds the previous month, January's in the year before", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-02")).toBe("2026-01");
    expect(previousMonth("2026-10")).toBe("2026-09");
    expect(previousMonth("2026-12")).toBe("2026-11");
  });
});

describe("the retention period of a 黑榜 entry's personal data", () => {
  const black = (state: BoardState, over: Partial<RetentionFacts> = {}): RetentionFacts => ({
    kind: "black",
    state,
    endDate: "2026-01-31",
    withdrawnAt: null,
    updatedAt: "2026-01-10T02:00:00.000Z",
    ...over,
  });

  it("reads a stored time as the China date it fell on", () => {
    expect(chinaDateOf("2026-01-10T15:59:59.999Z")).toBe("2026-01-10");
    // 00:00 in Beijing is 16:00 UTC the day before.
    expect(chinaDateOf("2026-01-10T16:00:00.000Z")).toBe("2026-01-11");
    expect(chinaDateOf("2026-12-31T17:00:00.000Z")).toBe("2027-01-01");
  });

  it("counts from the end of its period once published or put right", () => {
    expect(retentionFrom(black("published"))).toBe("2026-01-31");
    expect(retentionFrom(black("rectified"))).toBe("2026-01-31");
    expect(retentionFrom(black("published", { endDate: null }))).toBeNull();
  });

  it("counts from the day it came off when taken down or revoked, or from its end if that came first", () => {
    expect(retentionFrom(black("withdrawn", { withdrawnAt: "2026-01-20T17:00:00.000Z" }))).toBe("2026-01-21");
    // 撤榜 after its period was over: it had come off at its end.
    expect(retentionFrom(black("withdrawn", { withdrawnAt: "2026-03-01T02:00:00.000Z" }))).toBe("2026-01-31");
    // An older row without withdrawn_at: its last move.
    expect(retentionFrom(black("withdrawn", { endDate: null }))).toBe("2026-01-10");
  });

  it("counts from the rejection for an entry that never showed", () => {
    expect(retentionFrom(black("rejected", { endDate: null }))).toBe("2026-01-10");
  });

  it("never erases a 白榜 entry, nor a 黑榜 entry still in the process", () => {
    for (const state of ["draft", "pending", "appealing"] as const)
      expect(retentionFrom(black(state)), state).toBeNull();
    expect(retentionFrom({ ...black("published"), kind: "white" })).toBeNull();
    expect(retentionOver({ ...black("withdrawn"), kind: "white" }, 30, "2030-01-01")).toBe(false);
    expect(retentionOver(black("appealing"), 30, "2030-01-01")).toBe(false);
  });

  it("is over only more than the retention days after it starts", () => {
    const entry = black("published");
    expect(addDays("2026-01-31", 365)).toBe("2027-01-31");
    expect(retentionOver(entry, 365, "2027-01-31")).toBe(false);
    expect(retentionOver(entry, 365, "2027-02-01")).toBe(true);
    expect(retentionOver(entry, 30, "2026-03-02")).toBe(false);
    expect(retentionOver(entry, 30, "2026-03-03")).toBe(true);
  });

  it("an entry on the board today is never due, whatever the retention", () => {
    const up = black("published", { endDate: "2026-12-31" });
    for (const days of [30, 365, 1095]) expect(retentionOver(up, days, "2026-12-31")).toBe(false);
  });

  it("says what an erased entry was only by its category", () => {
    expect(erasedTitle("楼道堆物")).toBe("楼道堆物（个人信息已按保存期限删除）");
    expect(
      erasedTitle("一个社区自己起的很长很长很长很长很长很长很长很长的类别名称").length,
    ).toBeLessThanOrEqual(40);
  });
});
