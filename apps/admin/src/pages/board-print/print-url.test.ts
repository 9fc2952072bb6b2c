import { describe, expect, it } from "vitest";
import { boardPrintPath, monthText, onlineBoardLink, readPrintParams, reportProblemLink } from "./print-url";

describe("print view address", () => {
  it("reads the 社区, month, 楼院 and paper size", () => {
    const p = readPrintParams(new URLSearchParams("communityId=7&month=2026-12&courtyardId=12&size=a3"));
    expect(p).toEqual({ communityId: 7, month: "2026-12", courtyardId: 12, size: "A3" });
  });

  it("reads what is not valid as not given: A4 and the newest edition", () => {
    const p = readPrintParams(new URLSearchParams("communityId=x&month=2026-13&courtyardId=-1&size=B5"));
    expect(p).toEqual({ communityId: undefined, month: undefined, courtyardId: undefined, size: "A4" });
  });

  it("writes the address back, leaving out the defaults", () => {
    expect(boardPrintPath({ communityId: 7 })).toBe("/board/print?communityId=7");
    expect(boardPrintPath({ communityId: 7, month: "2026-12", courtyardId: 12, size: "A3" })).toBe(
      "/board/print?communityId=7&month=2026-12&courtyardId=12&size=A3",
    );
    const back = readPrintParams(
      new URLSearchParams(boardPrintPath({ communityId: 7, month: "2026-01" }).split("?")[1]),
    );
    expect(back).toMatchObject({ communityId: 7, month: "2026-01", size: "A4" });
  });
});

describe("QR code links", () => {
  it("point at the portal's board with its own parameter names, and at 随手拍", () => {
    expect(onlineBoardLink("http://192.168.1.20:3000", { communityId: 7, month: "2026-12" })).toBe(
      "http://192.168.1.20:3000/board?community=7&month=2026-12",
    );
    expect(
      onlineBoardLink("https://cc.example.cn/", { communityId: 7, month: "2026-12", courtyardId: 12 }),
    ).toBe("https://cc.example.cn/board?community=7&month=2026-12&courtyard=12");
    expect(reportProblemLink("https://cc.example.cn")).toBe("https://cc.example.cn/problems/new");
  });

  it("names the month in Chinese", () => {
    expect(monthText("2026-12")).toBe("2026年12月");
    expect(monthText("2027-01")).toBe("2027年1月");
  });
});
