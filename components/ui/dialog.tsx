"use client";

import { useRef, useState, type ReactNode } from "react";
import { Dialog as D } from "radix-ui";
import { useTranslations } from "next-intl";
import { Button } from "./button";
import { markDismissed, useBackCloses } from "./dialog-history";
import { firstFocusTarget, openerOfDialog, returnFocus } from "./dialog-focus";

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  wide?: boolean;
}

/**
 * Every dialog of the app. Radix traps focus inside, closes on Esc and
 * names the dialog by its title (aria-labelledby, nothing else: the title is
 * announced once). This adds what Radix leaves to us when no Dialog.Trigger
 * is used: focus starts on the first field and goes back to the button that
 * opened the dialog however it closes; browser Back closes it (warning first
 * when something was typed).
 */
export function Dialog({ open, onOpenChange, ...content }: DialogProps) {
  return (
    <D.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) markDismissed(); // Esc, ✕ or a click outside
        onOpenChange(next);
      }}
    >
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        {/* Mounted only while open: what it remembers (the opener, typed data) starts afresh each time. */}
        <DialogContent onOpenChange={onOpenChange} {...content} />
      </D.Portal>
    </D.Root>
  );
}

function DialogContent({ onOpenChange, title, description, children, wide = false }: Omit<DialogProps, "open">) {
  const t = useTranslations("common");
  const tx = useTranslations("uxDialogs");
  // The element focused when the dialog opened: the button that opened it.
  const opener = useRef<Element | null>(null);
  // Set by any input inside: Back then warns before the typed data is lost.
  const typed = useRef(false);
  const [backWarning, setBackWarning] = useState(false);

  useBackCloses(() => {
    if (typed.current && !backWarning) {
      setBackWarning(true);
      return true;
    }
    onOpenChange(false);
    return false;
  });

  return (
    <D.Content
      onOpenAutoFocus={(event) => {
        opener.current = openerOfDialog();
        const target = firstFocusTarget(event.currentTarget as HTMLElement);
        if (!target) return; // Radix then focuses the first tabbable element
        event.preventDefault();
        target.focus();
      }}
      onCloseAutoFocus={(event) => {
        event.preventDefault();
        returnFocus(opener.current);
      }}
      onInputCapture={() => {
        typed.current = true;
      }}
      className={`fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl ${wide ? "max-w-3xl" : "max-w-lg"}`}
    >
      <div className="mb-4 flex items-start justify-between gap-4">
        <div>
          <D.Title className="text-lg font-semibold text-slate-900">{title}</D.Title>
          {/* No description, no aria-describedby: a hidden copy of the title would be read twice. */}
          {description ? <D.Description className="mt-1 text-sm text-slate-600">{description}</D.Description> : null}
        </div>
        <D.Close className="rounded p-1 text-slate-500 hover:bg-slate-100" aria-label={t("close")} data-dialog-close="">
          <span aria-hidden>✕</span>
        </D.Close>
      </div>
      {backWarning ? (
        <div role="alert" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="dialog-back-warning">
          <span>{tx("backWarning")}</span>
          <Button
            variant="secondary"
            onClick={() => {
              markDismissed();
              onOpenChange(false);
            }}
          >
            {tx("discard")}
          </Button>
        </div>
      ) : null}
      {children}
    </D.Content>
  );
}
