// Pages of the system settings call the data layer through this: a refusal
// by requireSystem ("not found") becomes the ordinary 404 page, exactly as for
// a URL that does not exist.
import "server-only";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors/domain-error";

export async function orNotFound<T>(load: () => Promise<T>): Promise<NonNullable<T>> {
  try {
    const value = await load();
    if (value === null || value === undefined) notFound();
    return value as NonNullable<T>;
  } catch (error) {
    if (error instanceof DomainError && error.problem === "notFound") notFound();
    throw error;
  }
}
