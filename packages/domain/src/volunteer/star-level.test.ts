import { expect, it } from "vitest";
import { starLevel } from "./star-level.js";

it("maps confirmed hours to star levels and the hours to the next one", () => {
  expect(starLevel(0)).toEqual({ stars: 0, label: "未评星", toNext: 100 });
  expect(starLevel(99.5)).toEqual({ stars: 0, label: "未评星", toNext: 0.5 });
  expect(starLevel(100)).toEqual({ stars: 1, label: "一星", toNext: 200 });
  expect(starLevel(650)).toEqual({ stars: 3, label: "三星", toNext: 350 });
  expect(starLevel(1500)).toEqual({ stars: 5, label: "五星", toNext: null });
});
