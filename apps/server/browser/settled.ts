import type { Locator } from "playwright-core";

/**
 * Resolves once `target` and what is inside it have finished their CSS animations (antd's dialogs zoom
 * in). Playwright's "stable" check passes on two equal frames, which a loaded CI machine can give in
 * the middle of the zoom; the click then aims where the button is not yet, lands on nothing and is
 * lost without an error. Two confirm dialogs lost their OK click this way in CI.
 */
export async function settled(target: Locator): Promise<Locator> {
  await target.waitFor();
  await target.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  return target;
}
