// antd-mobile is built for fingers: a clickable list row is an <a> without href, a Selector option
// and the NavBar's back arrow are <div>s with a click handler. None of them takes keyboard focus,
// so a resident with a keyboard, a switch device or a screen reader cannot reach them. Rather than
// wrap every component, the portal makes these controls focusable as they appear and activates a
// focused one with Enter (and Space, as for a button), like the native elements they stand in for.

/** Controls antd-mobile renders without keyboard focus. */
const UNFOCUSABLE_CONTROLS = [
  "a.adm-plain-anchor:not([href])",
  ".adm-selector-item",
  "[role='button']:not(button):not(a[href])",
  "[role='switch']:not(button)",
  "[role='option']:not(button)",
].join(",");

function makeFocusable(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLElement>(UNFOCUSABLE_CONTROLS)) {
    if (!el.hasAttribute("tabindex") && !el.closest("[aria-hidden='true']")) el.tabIndex = 0;
  }
}

function activateOnKey(event: KeyboardEvent) {
  if (event.key !== "Enter" && event.key !== " ") return;
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.matches(UNFOCUSABLE_CONTROLS)) return;
  event.preventDefault();
  target.click();
}

export function installKeyboardAccess(doc: Document) {
  makeFocusable(doc.body);
  // Coalesce bursts of mutations (a list rendering) into one pass per frame.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      makeFocusable(doc.body);
    });
  }).observe(doc.body, { childList: true, subtree: true });
  doc.addEventListener("keydown", activateOnKey);
}
