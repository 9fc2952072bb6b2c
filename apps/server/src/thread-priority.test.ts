import { existsSync, readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { expect, it } from "vitest";
import { niceThisThread } from "./thread-priority.js";

// The pool's own test (worker-pool.test.ts) shows its threads at the nice value given; this one, on the
// test's own thread, that a thread is never given a higher priority than it has.

it.runIf(existsSync("/proc/thread-self"))("lowers this thread's priority, and never raises it", () => {
  const self = readlinkSync("/proc/thread-self");
  const tid = Number(self.slice(self.lastIndexOf("/") + 1));
  const start = getPriority(tid);
  if (start >= 19) return;
  try {
    expect(niceThisThread(start + 1)).toBe(tid);
    expect(getPriority(tid)).toBe(start + 1);
    expect(niceThisThread(start)).toBeNull();
    expect(niceThisThread(0)).toBeNull();
    expect(getPriority(tid)).toBe(start + 1);
  } finally {
    // Only a privileged user may raise it back; otherwise this test thread stays one step lower.
    try {
      setPriority(tid, start);
    } catch {
      // not privileged: nothing else runs on this thread after the test
    }
  }
});
