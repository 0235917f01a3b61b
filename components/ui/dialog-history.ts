"use client";

import { useEffect, useRef } from "react";

/**
 * Browser Back closes the open dialog instead of leaving the page.
 *
 * Each open dialog adds one history entry with the same URL; Back from it
 * lands on the page's own entry and closes the top dialog. A dialog closed
 * any other way (Cancel, Esc, Save and close) takes its entry back off, so
 * the next Back leaves the page as the user expects. Both kinds of
 * same-URL traversal are kept from Next's router (it would otherwise replay
 * the page, and could cancel a navigation started by the closing dialog).
 * Only a dialog the user dismissed (Esc, ✕, Cancel, Discard: see
 * `markDismissed`) takes its entry off: one closed by its own success may
 * be followed by a navigation (delete, then the list), which a step back
 * racing it would undo. After a save its entry stays: Back then first stays
 * on the same page.
 */

interface Entry {
  /** Written into the history entry: landing on it again means a step back went too far. */
  id: string;
  /** The entry's Navigation API key, which survives the router's replaceState (the id above may not). */
  key?: string;
  /** Called when Back took this dialog's entry; true keeps the dialog open (its entry is pushed again). */
  onBack: () => boolean;
  /** True while this dialog's entry is in the history. */
  pushed: boolean;
  /** The address the entry was pushed at: a traversal elsewhere is a real navigation. */
  url: string;
  timer?: ReturnType<typeof setTimeout>;
}

const MARKER = "switchboardDialog";
/** Open dialogs, the top one last. */
const open: Entry[] = [];
/** Entries taken off by dialogs that closed otherwise, still to go back over. */
const toDrop: Entry[] = [];
/** Traversals this module started, in order; their popstate is not the user's Back. */
const ownTraversals: { undo: number; dropped: string[]; keys: string[] }[] = [];
let nextId = 0;
/** Set by a dismissal, for the dialog that closes in the same moment. */
let dismissing = false;

/** The user dismissed the dialog (Esc, ✕, Cancel, Discard): its history entry can be taken off safely. */
export function markDismissed() {
  dismissing = true;
  setTimeout(() => {
    dismissing = false;
  }, 0);
}

/** The current history entry's key where the browser has the Navigation API (Chromium, Firefox, Safari 26). */
function currentKey(): string | undefined {
  const nav = (window as unknown as { navigation?: { currentEntry?: { key: string } | null } }).navigation;
  return nav?.currentEntry?.key;
}
let listening = false;

function push(entry: Entry) {
  // pushState without a URL keeps the address; Next copies its own state into the entry.
  window.history.pushState({ [MARKER]: entry.id }, "");
  entry.key = currentKey();
  entry.pushed = true;
  entry.url = window.location.href;
}

function onPopState(event: PopStateEvent) {
  const own = ownTraversals.shift();
  const key = currentKey();
  if (own) {
    event.stopImmediatePropagation();
    // Landed on an entry it meant to remove: the router pushed a new page in between. Back to that page.
    const landed = (window.history.state as Record<string, unknown> | null)?.[MARKER];
    const onDropped = (typeof landed === "string" && own.dropped.includes(landed)) || (key !== undefined && own.keys.includes(key));
    if (own.undo && onDropped) {
      ownTraversals.push({ undo: 0, dropped: [], keys: [] });
      window.history.go(own.undo);
    }
    return;
  }
  const top = open.at(-1);
  if (!top?.pushed || window.location.href !== top.url) return;
  event.stopImmediatePropagation();
  top.pushed = false;
  if (top.onBack()) {
    push(top);
    return;
  }
  // The dialog may refuse to close (a batch still running): it then keeps an entry for the next Back.
  setTimeout(() => {
    if (open.includes(top) && !top.pushed) push(top);
  }, 0);
}

function listen() {
  if (listening) return;
  listening = true;
  // Capture on window runs before the router's own listener, which can then be stopped.
  window.addEventListener("popstate", onPopState, true);
}

/** Goes back over every entry dropped in this task in one traversal (two back() calls in a row are not reliable). */
function dropLater(entry: Entry) {
  toDrop.push(entry);
  if (toDrop.length > 1) return;
  queueMicrotask(() => {
    const dropped = toDrop.splice(0);
    ownTraversals.push({ undo: dropped.length, dropped: dropped.map((e) => e.id), keys: dropped.flatMap((e) => (e.key ? [e.key] : [])) });
    window.history.go(-dropped.length);
  });
}

/**
 * While the calling component is mounted (an open dialog's content), Back
 * calls `onBack`; it returns true to stay open (say, to warn first).
 */
export function useBackCloses(onBack: () => boolean) {
  const latest = useRef(onBack);
  useEffect(() => {
    latest.current = onBack;
  });
  useEffect(() => {
    listen();
    const entry: Entry = { id: `${Date.now()}-${nextId++}`, onBack: () => latest.current(), pushed: false, url: "" };
    open.push(entry);
    // Pushed a moment later, so a mount undone at once (React's strict mode) leaves no entry behind.
    entry.timer = setTimeout(() => push(entry), 0);
    return () => {
      clearTimeout(entry.timer);
      open.splice(open.indexOf(entry), 1);
      // Dismissed and still on the dialog's entry: take it off. After a navigation the entry is history like any other.
      if (dismissing && entry.pushed && window.location.href === entry.url) dropLater(entry);
    };
  }, []);
}
