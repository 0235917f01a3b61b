// Sippy's date format lives in lib/time (the CDR schema of lib/calls reads it
// too, and the domain never imports protocol code); the API keeps its name.
export { formatSippyDate, parseSippyDate } from "@/lib/time/sippy-date";
