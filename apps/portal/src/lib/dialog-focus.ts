// antd-mobile's Popup and Dialog open without moving focus and let Tab wander behind the mask, and
// Dialog.confirm is opened imperatively, where no component of ours could hold a ref. So the portal
// watches for an open one: focus moves into it, Tab and Shift+Tab stay inside, Escape closes it when
// a tap on the mask would, and focus returns to where it was when it closes.

const DIALOG_ROOTS = ".adm-popup, .adm-center-popup";
const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type='hidden'])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "[tabindex]:not([tabindex='-1'])",
].join(",");

let titleIds = 0;

/** The open dialog's panel (the part a resident reads), topmost last in the document. */
function openPanel(doc: Document): HTMLElement | null {
  const roots = [...doc.querySelectorAll<HTMLElement>(DIALOG_ROOTS)].filter(
    (r) => r.style.display !== "none",
  );
  const root = roots.at(-1);
  return root?.querySelector<HTMLElement>(".adm-popup-body, .adm-center-popup-wrap") ?? null;
}

function focusables(panel: HTMLElement): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

function announceAsDialog(panel: HTMLElement) {
  if (!panel.hasAttribute("role")) panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "true");
  if (!panel.hasAttribute("aria-label") && !panel.hasAttribute("aria-labelledby")) {
    const heading = panel.querySelector<HTMLElement>("h1, h2, h3, .adm-dialog-title, .unit-sheet-title");
    if (heading) {
      heading.id ||= `dialog-title-${++titleIds}`;
      panel.setAttribute("aria-labelledby", heading.id);
    }
  }
}

/**
 * Escape does what the sheet's own close button does, or else what a tap on the mask would (the
 * mask's button closes exactly then). The mask mounts a moment after the sheet appears, so a key
 * pressed at once waits a few frames for it rather than being lost.
 */
function closeByEscape(root: HTMLElement | null, framesLeft = 10) {
  if (!root?.isConnected) return;
  const button =
    root.querySelector<HTMLElement>(".adm-popup-close-icon") ??
    root.querySelector<HTMLElement>(".adm-mask-aria-button");
  if (button) button.click();
  else if (framesLeft > 0) requestAnimationFrame(() => closeByEscape(root, framesLeft - 1));
}

export function installDialogFocus(doc: Document) {
  let panel: HTMLElement | null = null;
  let returnTo: HTMLElement | null = null;

  const update = () => {
    const now = openPanel(doc);
    if (now === panel) return;
    if (now && !panel) returnTo = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
    panel = now;
    if (panel) {
      announceAsDialog(panel);
      if (!panel.contains(doc.activeElement)) {
        const first = focusables(panel)[0];
        if (first) first.focus();
        else {
          panel.tabIndex = -1;
          panel.focus();
        }
      }
    } else if (returnTo?.isConnected) {
      returnTo.focus();
      returnTo = null;
    }
  };

  new MutationObserver(() => requestAnimationFrame(update)).observe(doc.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["style"],
  });

  doc.addEventListener("keydown", (event) => {
    // The observer runs a frame late; a key pressed the instant a dialog appears still belongs to it.
    update();
    if (!panel) return;
    if (event.key === "Escape") {
      closeByEscape(panel.closest<HTMLElement>(DIALOG_ROOTS));
      return;
    }
    if (event.key !== "Tab") return;
    const items = focusables(panel);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = doc.activeElement;
    if (event.shiftKey && (active === first || !panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });
}
