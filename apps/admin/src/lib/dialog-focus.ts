// The keyboard's focus and the console's dialogs (every antd Modal, confirm and Drawer), as the WAI-ARIA
// dialog pattern asks: Tab stays inside an open dialog, and closing it puts the focus back on what
// opened it. antd does both only in part:
// - It pulls the focus back when it lands outside a dialog (a focusin listener). But Tab on the last
//   control, the last thing on the page, moves the focus into the browser's own toolbar, where nothing
//   pulls it back: a keyboard user is lost until one more Tab.
// - It returns the focus at the end of its closing animation. Most of our dialogs are rendered only
//   while open (`{editing && <Modal open …/>}`), so they are removed at once, without that animation,
//   and the focus falls to the page's body.

const DIALOG = '[role="dialog"][aria-modal="true"]';
const TABBABLE = [
  "a[href]",
  "button:not([disabled])",
  'input:not([disabled]):not([type="hidden"])',
  "select:not([disabled])",
  "textarea:not([disabled])",
  '[tabindex]:not([tabindex="-1"])',
].join(",");

const shown = (el: Element) => el.getClientRects().length > 0;

/** A radio is a tab stop when checked, or when none of its group is. */
function isTabStop(el: HTMLElement): boolean {
  if (!shown(el) || el.closest('[aria-hidden="true"], [inert]')) return false;
  if (!(el instanceof HTMLInputElement) || el.type !== "radio" || el.checked || !el.name) return true;
  const group = el.form?.elements.namedItem(el.name);
  return !(group instanceof RadioNodeList) || group.value === "";
}

/** The dialog on top: the last open one, since each opens in a portal at the end of the page. */
function topDialog(doc: Document): HTMLElement | undefined {
  return [...doc.querySelectorAll<HTMLElement>(DIALOG)].filter(shown).at(-1);
}

function focusable(el: HTMLElement): boolean {
  return el.isConnected && shown(el) && !(el as HTMLButtonElement).disabled;
}

/** Installs both on the document; returns their removal. */
export function keepFocusWithDialogs(doc: Document = document): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Tab" || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const dialog = topDialog(doc);
    if (!dialog) return;
    const stops = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter(isTabStop);
    const first = stops[0];
    const last = stops.at(-1);
    if (!first || !last) return;
    // Focus outside the dialog (in a popup it opened) is left to antd.
    const active = doc.activeElement;
    if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    } else if (e.shiftKey && (active === first || active === dialog)) {
      e.preventDefault();
      last.focus();
    }
  };

  // What had the focus before it moved into each open dialog.
  const openers = new Map<Element, HTMLElement>();
  let previous: HTMLElement | null = null;
  const onFocusIn = (e: FocusEvent) => {
    const target = e.target instanceof HTMLElement ? e.target : null;
    const dialog = target?.closest(DIALOG);
    if (dialog && !openers.has(dialog) && previous && !dialog.contains(previous)) {
      openers.set(dialog, previous);
    }
    previous = target;
  };
  const observer = new MutationObserver(() => {
    for (const [dialog, opener] of openers) {
      if (dialog.isConnected && shown(dialog)) continue;
      openers.delete(dialog);
      const active = doc.activeElement;
      const lost = !active || active === doc.body || !active.isConnected;
      if (lost && focusable(opener)) opener.focus({ preventScroll: true });
    }
  });

  doc.addEventListener("keydown", onKeyDown, true);
  doc.addEventListener("focusin", onFocusIn, true);
  observer.observe(doc.body, { childList: true, subtree: true });
  return () => {
    doc.removeEventListener("keydown", onKeyDown, true);
    doc.removeEventListener("focusin", onFocusIn, true);
    observer.disconnect();
  };
}
