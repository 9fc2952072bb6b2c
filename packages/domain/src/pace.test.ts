import { expect, it } from "vitest";
import { pace } from "./pace.js";

// pace() in a long loop lets a timer due meanwhile run before the loop ends; the first call after a
// turn of the event loop never gives another.

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

it("lets a timer run during a long loop, not after it", async () => {
  let firedAtRound = -1;
  let round = 0;
  setTimeout(() => (firedAtRound = round), 1);
  for (; round < 100; round++) {
    busy(1);
    await pace();
  }
  // Without pace() the timer would wait for the whole 100 ms loop (round 100).
  expect(firedAtRound).toBeGreaterThanOrEqual(0);
  expect(firedAtRound).toBeLessThan(99);
});

it("does not give a turn on the first call after the event loop had one", async () => {
  await new Promise((r) => setImmediate(r));
  let turned = false;
  setImmediate(() => (turned = true));
  await pace();
  expect(turned).toBe(false);
  await new Promise((r) => setImmediate(r));
  expect(turned).toBe(true);
});
