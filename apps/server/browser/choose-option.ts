import { expect } from "vitest";
import type { Locator, Page } from "playwright-core";

/**
 * Picks an option of a select by its label, with the keyboard: ↓ opens the list and moves through it,
 * the option under the cursor is the combobox's aria-activedescendant, Enter takes it. (A click on
 * antd's list, which slides open, once landed on the wrong option; its visible options have no role.)
 */
export async function chooseOption(page: Page, within: Locator, label: string, option: string) {
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
  const box = within.getByLabel(label, { exact: true });
  await box.focus();
  const active = async () => {
    const id = await box.getAttribute("aria-activedescendant");
    return id ? page.locator(`[id="${id}"]`).getAttribute("aria-label") : null;
  };
  for (let moves = 0; (await active()) !== option; moves++) {
    if (moves > 40) throw new Error(`${label}: no option ${option}`);
    await box.press("ArrowDown");
  }
  await box.press("Enter");
  // Closed, and showing the choice.
  await poll(() => box.getAttribute("aria-expanded")).toBe("false");
  await poll(() => within.getByTitle(option, { exact: true }).filter({ visible: true }).count()).toBe(1);
}
