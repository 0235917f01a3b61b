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
 */

interface Entry {
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
let toDrop = 0;
/** Traversals this module started; their popstate is not the user's Back. */
let ownTraversals = 0;
let listening = false;

function push(entry: Entry) {
  // pushState without a URL keeps the address; Next copies its own state into the entry.
  window.history.pushState({ [MARKER]: true }, "");
  entry.pushed = true;
  entry.url = window.location.href;
}

function onPopState(event: PopStateEvent) {
  if (ownTraversals > 0) {
    ownTraversals--;
    event.stopImmediatePropagation();
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
function dropLater() {
  toDrop++;
  if (toDrop > 1) return;
  queueMicrotask(() => {
    const steps = toDrop;
    toDrop = 0;
    ownTraversals++;
    window.history.go(-steps);
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
    const entry: Entry = { onBack: () => latest.current(), pushed: false, url: "" };
    open.push(entry);
    // Pushed a moment later, so a mount undone at once (React's strict mode) leaves no entry behind.
    entry.timer = setTimeout(() => push(entry), 0);
    return () => {
      clearTimeout(entry.timer);
      open.splice(open.indexOf(entry), 1);
      // Still on the dialog's entry: take it off. After a navigation the entry is history like any other.
      if (entry.pushed && window.location.href === entry.url) dropLater();
    };
  }, []);
}
