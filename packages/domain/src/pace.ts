// Node runs one thing at a time: a loop over 10,000 rows, or a transaction of 10,000 statements on
// SQLite's synchronous connection (each await there resolves at once, without a turn of the event
// loop), would keep every other request waiting until it ends. `pace()` in such a loop gives the event
// loop a turn once the stretch without one has lasted `STRETCH_MS`; otherwise it costs a microtask.

/** How long code may hold the event loop before pace() hands it a turn. */
export const STRETCH_MS = 4;

/** When the current stretch without a turn of the event loop began (null: it has just had one). */
let stretchStart: number | null = null;

export async function pace(): Promise<void> {
  const now = performance.now();
  if (stretchStart === null) {
    stretchStart = now;
    // Runs at the event loop's next turn, whoever gives it: the stretch is over then.
    setImmediate(() => (stretchStart = null));
    return;
  }
  if (now - stretchStart < STRETCH_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
}
