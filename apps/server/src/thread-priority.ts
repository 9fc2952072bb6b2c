import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * Gives the calling thread a nice value (0 normal … 19 lowest), leaving the process's other threads as
 * they are. Linux keeps the nice value per thread and setpriority() takes a thread's id where it takes a
 * process's, so an offload worker that parses a 10,000-row sheet or builds a .docx can give way to the
 * event loop and the SQLite readers on a 2-core machine: a request waits less behind background work,
 * and the background work still gets every cycle the requests leave idle.
 *
 * Only ever lowers the thread's priority: a server started with `nice -n 15` keeps its workers at 15
 * (raising a priority needs a privilege, and a worker that threw here would be started again and again).
 * Elsewhere than Linux (no /proc/thread-self) nothing changes. Returns the thread's id when it changed.
 */
export function niceThisThread(nice: number): number | null {
  let self: string;
  try {
    // "<pid>/task/<tid>" for the thread that reads it
    self = readlinkSync("/proc/thread-self");
  } catch {
    return null;
  }
  const tid = Number(self.slice(self.lastIndexOf("/") + 1));
  if (!Number.isInteger(tid) || tid <= 0 || nice <= getPriority(tid)) return null;
  setPriority(tid, nice);
  return tid;
}
