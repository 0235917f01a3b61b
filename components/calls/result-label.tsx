import { useTranslations } from "next-intl";

/** A call's result code with its meaning when it is a common one: "486 busy", "-20 insufficient balance". */
export function ResultLabel({ code }: { code: number }) {
  const t = useTranslations("calls.results");
  const key = String(code) as Parameters<typeof t>[0];
  return (
    <span className={code === 200 ? "" : code < 0 ? "text-red-700" : "text-slate-600"}>
      <span className="tabular-nums">{code}</span>
      {t.has(key) ? <span className="text-xs"> {t(key)}</span> : null}
    </span>
  );
}
