"use client";

// A chart of one value a day (docs/ux.md, "History": uPlot, chosen for its
// size). It only draws: the picture is aria-hidden and the figure's caption
// gives its summary; the exact figures are in the table beside it (the text
// alternative), so a screen reader, a keyboard or a copy-paste never needs
// the canvas. Values are plain numbers for drawing only: money stays exact
// in the table and the CSV.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** The palette: a stroke for the canvas and the same colour as a class for the legend (no inline styles: the CSP forbids them). */
const TONES = {
  blue: { stroke: "#1f5fbf", swatch: "bg-brand-600" },
  slate: { stroke: "#64748b", swatch: "bg-slate-500" },
  green: { stroke: "#15803d", swatch: "bg-green-700" },
  red: { stroke: "#b91c1c", swatch: "bg-red-700" },
} as const;
export type Tone = keyof typeof TONES;

export interface DaySeries {
  label: string;
  /** One value a day (null: none that day, a gap). */
  values: (number | null)[];
  /** The series' colour, shown in the legend beside its name. */
  tone: Tone;
  style: "line" | "step" | "bars";
}

export function DayChart({
  days,
  series,
  locale,
  unit,
  height = 220,
  testId,
}: {
  /** The days' labels, already in the viewer's language (the x axis). */
  days: string[];
  series: DaySeries[];
  locale: string;
  /** How the y axis writes a value: a currency code, or minutes. */
  unit: { currency: string } | { minutes: true };
  height?: number;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    const number = new Intl.NumberFormat(locale, "currency" in unit ? { style: "currency", currency: unit.currency, notation: "compact" } : { maximumFractionDigits: 1, notation: "compact" });
    const x = days.map((_, i) => i);
    const paths = { line: undefined, step: uPlot.paths.stepped!({ align: 1 }), bars: uPlot.paths.bars!({ size: [0.7, 40] }) };
    const chart = new uPlot(
      {
        width: Math.max(root.clientWidth, 280),
        height,
        legend: { show: false }, // the legend is the figure's own HTML list, translated
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((t) => days[Math.round(t)] ?? ""),
            space: 60,
            incrs: [1, 2, 5, 7, 14, 30, 60, 90],
          },
          { values: (_u, ticks) => ticks.map((t) => number.format(t)), size: 70 },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: TONES[s.tone].stroke,
            fill: s.style === "bars" ? TONES[s.tone].stroke : undefined,
            width: 2,
            paths: paths[s.style],
            points: { show: false },
            spanGaps: false,
          })),
        ],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      root,
    );
    // The chart follows its box (a phone turned, the navigation collapsed).
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(root.clientWidth, 280), height }));
    resize.observe(root);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, locale, unit, height]);
  return (
    <div>
      <div ref={box} aria-hidden className="w-full overflow-hidden" data-testid={testId} />
      <ul className="mt-1 flex flex-wrap gap-4 text-xs text-slate-700">
        {series.map((s) => (
          <li key={s.label} className="flex items-center gap-1">
            <span aria-hidden className={`inline-block size-3 rounded-sm ${TONES[s.tone].swatch}`} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
