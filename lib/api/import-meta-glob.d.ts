// The bundler's import.meta.glob (Turbopack in `next build`/`next dev`, Vite
// in vitest: the same Vite-compatible API): every module matching a pattern,
// found at build time. The OpenAPI route uses it to find the API's routes.
interface ImportMeta {
  glob<T = Record<string, unknown>>(pattern: string | string[], options?: { eager?: false }): Record<string, () => Promise<T>>;
}
