// Loaded into a test server with `node --import` (browser tests only): moves the server's clock forward
// by the number of milliseconds written in the file CLOCK_SHIFT_FILE names, so that a test can let days
// pass (a notice period ending) without waiting for them. `new Date()` and `Date.now()` read the shifted
// time; a date built from a value stays as it is. The file is read at most every 100 ms.
import { readFileSync } from "node:fs";

const file = process.env.CLOCK_SHIFT_FILE;
const RealDate = Date;
let shift = 0;
let readAt = -Infinity;

function currentShift() {
  const now = RealDate.now();
  if (file && now - readAt > 100) {
    readAt = now;
    try {
      shift = Number(readFileSync(file, "utf8")) || 0;
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
      shift = 0;
    }
  }
  return shift;
}

const shiftedNow = () => RealDate.now() + currentShift();

// A proxy rather than a subclass: `x instanceof Date` and Date.prototype stay those of the real Date.
globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget);
  },
  apply() {
    return new RealDate(shiftedNow()).toString();
  },
  get(target, prop, receiver) {
    if (prop === "now") return shiftedNow;
    return Reflect.get(target, prop, receiver);
  },
});
