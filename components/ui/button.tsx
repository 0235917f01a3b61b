import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger" | "dangerGhost";

// The styles live in app/globals.css (layer "components"), under Tailwind's
// utilities: a className given here overrides the variant instead of losing to it.
const VARIANTS: Record<Variant, string> = {
  primary: "btn-primary",
  secondary: "btn-secondary",
  ghost: "btn-ghost",
  danger: "btn-danger",
  dangerGhost: "btn-danger-ghost",
};

export function Button({
  variant = "primary",
  className = "",
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={`btn ${VARIANTS[variant]} ${className}`} {...props} />;
}
