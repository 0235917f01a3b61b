"use client";

import { createContext, useCallback, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { Toast } from "radix-ui";
import { useTranslations } from "next-intl";

type Tone = "success" | "error";
interface ToastItem {
  id: number;
  tone: Tone;
  message: string;
}

const ToastContext = createContext<(message: string, tone?: Tone) => void>(() => {});

/** Shows a short result message ("Tariff saved") in a polite live region. */
export function useToast() {
  return useContext(ToastContext);
}

let nextId = 1;

// True once in the browser. The viewport's region carries an inline style
// (pointer-events) that the CSP refuses in server-rendered HTML; rendered by
// the browser, React sets it through the DOM, which the CSP allows.
const noSubscription = () => () => {};
const useInBrowser = () => useSyncExternalStore(noSubscription, () => true, () => false);

export function Toaster({ children }: { children: ReactNode }) {
  const t = useTranslations("common");
  const [items, setItems] = useState<ToastItem[]>([]);
  const inBrowser = useInBrowser();
  const show = useCallback((message: string, tone: Tone = "success") => {
    setItems((current) => [...current.slice(-2), { id: nextId++, tone, message }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      <Toast.Provider duration={5000} label={t("notifications")}>
        {children}
        {items.map((item) => (
          <Toast.Root
            key={item.id}
            data-testid="toast"
            type={item.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setItems((current) => current.filter((i) => i.id !== item.id));
            }}
            className={`flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${
              item.tone === "error" ? "border-red-200 bg-red-50 text-red-900" : "border-emerald-200 bg-emerald-50 text-emerald-900"
            }`}
          >
            <Toast.Description className="flex-1">{item.message}</Toast.Description>
            <Toast.Close aria-label={t("close")} className="text-slate-500">
              <span aria-hidden>✕</span>
            </Toast.Close>
          </Toast.Root>
        ))}
        {inBrowser && <Toast.Viewport className="fixed right-4 bottom-4 z-[60] flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2" />}
      </Toast.Provider>
    </ToastContext.Provider>
  );
}
