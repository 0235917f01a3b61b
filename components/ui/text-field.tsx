import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

/** A labelled input with its hint and error message beside it, wired for screen readers. */
export function TextField({
  label,
  error,
  hint,
  addon,
  ref,
  className = "",
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Buttons beside the input (say, Generate and Show for a password). */
  addon?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const field = (
    <input
      id={id}
      ref={ref}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      className={`rounded-md border bg-white px-3 py-2 text-sm shadow-sm ${addon ? "min-w-0 flex-1" : ""} ${error ? "border-red-500" : "border-slate-300"}`}
      {...input}
    />
  );
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {addon ? (
        <div className="flex items-stretch gap-1">
          {field}
          {addon}
        </div>
      ) : (
        field
      )}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
