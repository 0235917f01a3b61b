"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

/** Edit and Delete buttons of a table row, labelled with the row's name for screen readers. */
export function RowActions({
  name,
  onEdit,
  onDelete,
  deleteIcon = false,
  children,
}: {
  name: string;
  onEdit?: () => void;
  onDelete?: () => void;
  /** The red cross instead of the word. */
  deleteIcon?: boolean;
  /** Actions before Edit (say, Maintenance). */
  children?: ReactNode;
}) {
  const t = useTranslations("common");
  return (
    // Compact buttons (the callers' own ones too) that wrap onto a second line
    // when the table is short of room, and whose labels of several words
    // ("Операции со счётом") wrap between them, never inside a word (the
    // right-aligned cell keeps its text on one line otherwise, and other cells
    // may break anywhere): the actions column is then as wide as its widest
    // word, and wide tables fit 1280 px.
    <div className="flex flex-wrap justify-end gap-0.5 [&_button]:px-2 [&_button]:py-1.5 [&_button]:whitespace-normal [&_button]:wrap-normal">
      {children}
      {onEdit ? (
        <Button variant="ghost" aria-label={`${t("edit")}: ${name}`} onClick={onEdit}>
          {t("edit")}
        </Button>
      ) : null}
      {onDelete ? (
        <Button variant="dangerGhost" className={deleteIcon ? "text-base leading-5" : ""} aria-label={`${t("delete")}: ${name}`} onClick={onDelete}>
          {deleteIcon ? <span aria-hidden>✕</span> : t("delete")}
        </Button>
      ) : null}
    </div>
  );
}
