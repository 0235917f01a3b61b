import { Prisma } from "@/lib/db/generated/client";

/** A write refused by a unique index (a name, login or prefix taken meanwhile): callers answer it by the field. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
