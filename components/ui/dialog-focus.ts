/** Where focus goes when a dialog opens and when it closes (components/ui/dialog.tsx). */

const FIELDS = "input:not([type=hidden]), select, textarea";
const TABBABLE = "button, a[href], input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])";

function usable(element: HTMLElement): boolean {
  const disabled = (element as HTMLInputElement).disabled === true || element.closest("fieldset:disabled") !== null;
  return !disabled && element.getClientRects().length > 0;
}

/**
 * The element a dialog opens on: one marked data-autofocus, else its first
 * field (of a radio group, the chosen option), else its first control other
 * than the ✕ (a confirmation's Cancel). Null when it has none.
 */
export function firstFocusTarget(container: HTMLElement): HTMLElement | null {
  const marked = container.querySelector<HTMLElement>("[data-autofocus]");
  if (marked && usable(marked)) return marked;
  const field = [...container.querySelectorAll<HTMLElement>(FIELDS)].find(usable);
  if (field instanceof HTMLInputElement && field.type === "radio" && field.name) {
    const group = [...container.querySelectorAll<HTMLInputElement>("input[type=radio]")].filter((r) => r.name === field.name);
    return group.find((r) => r.checked && usable(r)) ?? field;
  }
  if (field) return field;
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].find((e) => !e.closest("[data-dialog-close]") && usable(e)) ?? null;
}

// The last element that took focus. A button that opens a dialog may be
// re-drawn by the very render that opens it (a table row whose columns are
// built anew): focus then falls to the document before the dialog mounts,
// and this remembers what had it.
let lastFocused: Element | null = null;
if (typeof document !== "undefined") {
  document.addEventListener("focusin", (event) => void (lastFocused = event.target as Element), true);
}

/**
 * The element a dialog returns focus to: the focused one as it opens, or,
 * when the page re-drew that one as the dialog opened (focus fell to the
 * document and the element is gone), the gone element, whose new self
 * `returnFocus` finds by kind and name.
 */
export function openerOfDialog(): Element | null {
  const active = document.activeElement;
  if (active && active !== document.body) return active;
  return lastFocused && !lastFocused.isConnected ? lastFocused : active;
}

/** How long after a dialog closes focus follows its opener if the page re-draws it (a refresh after a save). */
const FOLLOW_MS = 5_000;

/**
 * Back to the element that opened the dialog, or its new self when the
 * page re-drew it meanwhile (see `followOpener`). When it is gone (the row
 * it was in was just deleted) or cannot take focus, the page's main region
 * takes it, so a keyboard user goes on from the page, not from the top.
 */
export function returnFocus(opener: Element | null) {
  if (!(opener instanceof HTMLElement) || opener === document.body) return focusMain();
  const target = opener.isConnected ? opener : redrawn(opener.tagName, nameOf(opener));
  target?.focus();
  if (!target || document.activeElement !== target) return focusMain();
  followOpener(target);
}

function focusMain() {
  const main = document.querySelector<HTMLElement>("main");
  if (!main) return;
  if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
  main.focus();
}

const nameOf = (element: Element) => element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";

/** The one element of this kind and name, if exactly one: a re-drawn opener. */
function redrawn(tag: string, name: string): HTMLElement | null {
  const same = [...document.querySelectorAll<HTMLElement>(tag)].filter((e) => nameOf(e) === name);
  return same.length === 1 ? same[0]! : null;
}

/**
 * The refresh that follows a save can re-draw the opener (a table row
 * rendered anew, moved by its sort) or remove it (a deleted row), and the
 * browser then drops focus to the document. For a few seconds, until the
 * user presses a key or clicks, focus that falls to the document goes to
 * the opener's new self (the one element of its kind and name), else to the
 * main region. Focus the user put elsewhere is never moved.
 */
function followOpener(opener: HTMLElement) {
  const tag = opener.tagName;
  const name = nameOf(opener);
  const page = window.location.href;
  let current = opener;
  const observer = new MutationObserver(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    // Another page now (a delete that goes back to the list): its own start is the place, not a namesake.
    if (window.location.href !== page) return stop();
    const again = current.isConnected ? current : redrawn(tag, name);
    if (!again) {
      stop();
      return focusMain();
    }
    current = again;
    again.focus();
  });
  const timer = setTimeout(() => stop(), FOLLOW_MS);
  function stop() {
    clearTimeout(timer);
    observer.disconnect();
    document.removeEventListener("keydown", stop, true);
    document.removeEventListener("pointerdown", stop, true);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener("keydown", stop, true);
  document.addEventListener("pointerdown", stop, true);
}
