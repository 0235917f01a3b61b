"use client";
// Two libraries would break the Content-Security-Policy (proxy.ts) in the
// browser unless told how to live with it; this module tells them, once, as
// the page hydrates:
// - radix-ui's scroll lock (dialogs) injects a <style> element through
//   react-style-singleton, which tags it with get-nonce's nonce: give it the
//   document's own nonce, read from Next's script tags (the `nonce` property
//   keeps it; it is the nonce of this document's CSP even after a refresh
//   rendered the layout again with a new one);
// - zod probes `Function("")` to decide whether to compile its parsers,
//   which CSP reports as a blocked eval: jitless skips the probe.
import { setNonce } from "get-nonce";
import { z } from "zod";

if (typeof document !== "undefined") {
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  if (nonce) setNonce(nonce);
  z.config({ jitless: true });
}

export function BrowserCsp() {
  return null;
}
