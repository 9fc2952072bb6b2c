// A table wider than the window scrolls sideways inside its own box (antd's .ant-table-content or
// .ant-table-body). Without a button or link inside, a keyboard user cannot reach that box, so cannot
// scroll it to the columns on the right. Such a box is made a tab stop, named for what it is; a box
// that stops overflowing, or gains a control of its own, is given back as antd made it.

const SCROLLERS = ".ant-table-content, .ant-table-body";
const CONTROLS =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"]):not([data-scroll-region])';
const MARK = "data-scroll-region";

function update(box: HTMLElement) {
  const overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
  const reachable = box.querySelector(CONTROLS) !== null;
  const marked = box.hasAttribute(MARK);
  if (overflows && !reachable && !marked) {
    box.setAttribute(MARK, "");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "表格（可用方向键滚动）");
  } else if ((!overflows || reachable) && marked) {
    box.removeAttribute(MARK);
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
  }
}

/** Watches the document's tables; returns the watch's removal. */
export function keepScrollRegionsReachable(doc: Document = document): () => void {
  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      doc.querySelectorAll<HTMLElement>(SCROLLERS).forEach(update);
    });
  };
  // Our own attribute changes are not childList changes: no loop.
  const observer = new MutationObserver(schedule);
  observer.observe(doc.body, { childList: true, subtree: true });
  const view = doc.defaultView;
  view?.addEventListener("resize", schedule);
  schedule();
  return () => {
    observer.disconnect();
    view?.removeEventListener("resize", schedule);
    cancelAnimationFrame(frame);
  };
}
