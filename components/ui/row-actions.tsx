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
    // Compact buttons that wrap between words, never inside one (app/globals.css, .row-actions).
    <div className="row-actions">
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
