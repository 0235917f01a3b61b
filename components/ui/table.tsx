import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { ScrollFrame } from "./scroll-frame";

// Table primitives: a frame that scrolls sideways (with a hint) when a table is wider than a phone.
export function Table({ className = "", ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <ScrollFrame>
      <table className={`min-w-full divide-y divide-slate-200 text-sm ${className}`} {...props} />
    </ScrollFrame>
  );
}

// Narrow padding and headers that may wrap: wide tables then fit 1280 px screens.
export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`px-3 py-2 text-left align-bottom font-medium text-slate-600 ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-3 py-2 text-slate-800 ${className}`} {...props} />;
}
