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
    <div className="flex justify-end gap-1 whitespace-nowrap">
      {children}
      {onEdit ? (
        <Button variant="ghost" aria-label={`${t("edit")}: ${name}`} onClick={onEdit}>
          {t("edit")}
        </Button>
      ) : null}
      {onDelete ? (
        <Button variant="ghost" className={`text-red-700 ${deleteIcon ? "px-2" : ""}`} aria-label={`${t("delete")}: ${name}`} onClick={onDelete}>
          {deleteIcon ? <span aria-hidden>✕</span> : t("delete")}
        </Button>
      ) : null}
    </div>
  );
}
