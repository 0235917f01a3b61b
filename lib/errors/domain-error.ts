// A rule of the domain said no. The message is an encoded problem (see
// problem.ts) that a form shows beside `field`, or above its buttons, and the
// API maps to a fault. Pages, actions and API methods all catch this one type.
import type { Problem } from "./problem";

export class DomainError extends Error {
  constructor(
    readonly problem: Problem,
    readonly field?: string,
  ) {
    super(problem);
    this.name = "DomainError";
  }
}
