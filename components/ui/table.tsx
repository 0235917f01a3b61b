import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

// Table primitives: a horizontally scrollable frame so wide tables stay usable on phones.
export function Table({ className = "", ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className={`min-w-full divide-y divide-slate-200 text-sm ${className}`} {...props} />
    </div>
  );
}

export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`px-4 py-2 text-left font-medium text-slate-600 ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-4 py-2 text-slate-800 ${className}`} {...props} />;
}
