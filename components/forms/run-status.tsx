// What a dialog that starts a long run (prepaid cards in bulk, a voucher
// batch) shows under its form: the progress bar while the run goes on, with
// a plea to keep the page open, and why it stopped when it stopped short.
// The words come from the dialog's own catalogue namespace.
import type { ReactNode } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";

/** Why a run stopped short: the session ended (sign in again), or the answer was lost on the way. */
export type RunNotice = "signedOut" | "lost";

export function RunStatus(props: {
  /** While the run goes on; null otherwise. */
  progress: { done: number; total: number; label: string; text: string; testId: string } | null;
  keepOpen: ReactNode;
  notice: RunNotice | undefined;
  words: { signedOut: ReactNode; signIn: ReactNode; lost: ReactNode };
}) {
  const { progress, notice, words } = props;
  return (
    <>
      {progress ? (
        <div className="flex flex-col gap-2">
          <ProgressBar label={progress.label} done={progress.done} total={progress.total} text={progress.text} testId={progress.testId} />
          <p className="text-xs text-slate-600">{props.keepOpen}</p>
        </div>
      ) : null}
      {notice ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {notice === "signedOut" ? (
            <>
              {words.signedOut}{" "}
              <a href="/login" className="font-medium underline">
                {words.signIn}
              </a>
            </>
          ) : (
            words.lost
          )}
        </p>
      ) : null}
    </>
  );
}
