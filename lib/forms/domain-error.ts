// A rule of the domain said no: the message is an encoded problem (see
// problem.ts) that the form shows beside `field`, or above the buttons.
export class DomainError extends Error {
  constructor(
    readonly problem: string,
    readonly field?: string,
  ) {
    super(problem);
    this.name = "DomainError";
  }
}
