// Awaits a call that must be refused by a domain rule; returns the refusal's
// problem code, values and field for the test to check.
import { expect } from "vitest";
import { DomainError } from "@/lib/errors/domain-error";
import { decodeProblem } from "@/lib/errors/problem";

export async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { code, values } = decodeProblem((error as DomainError).problem);
  return { code, values, field: (error as DomainError).field };
}
