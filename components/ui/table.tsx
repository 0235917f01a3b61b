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

// Narrow padding, headers that wrap between words and cell text that may break
// anywhere when room is short (numbers and dates are kept whole with
// whitespace-nowrap): wide tables then fit 1280 px screens whatever the data.
export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`px-2.5 py-2 text-left align-bottom font-medium text-slate-600 ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-2.5 py-2 wrap-anywhere text-slate-800 ${className}`} {...props} />;
}
