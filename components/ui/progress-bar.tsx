// A run's progress (bulk accounts, a voucher batch): the bar for the eye, the
// role and values for screen readers, the text read out as it changes.
export function ProgressBar({ label, done, total, text, testId }: { label: string; done: number; total: number; text: string; testId?: string }) {
  return (
    <div className="flex flex-col gap-2" data-testid={testId}>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={text}>
        <progress
          aria-hidden
          className="block h-2 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
          value={done}
          max={Math.max(1, total)}
        />
      </div>
      <p aria-live="polite" className="text-sm text-slate-700">
        {text}
      </p>
    </div>
  );
}
