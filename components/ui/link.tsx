import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The app's links: next/link without prefetching unless a link asks for it.
 * Every page here is rendered per request, and Next prefetches each link in
 * view (a table's 50 row links, the navigation): a page view cost dozens of
 * extra server renders of the layouts (the viewer, the header's reads) that
 * nobody had asked for. A click now fetches its page then; the navigation
 * bar shows the wait (components/shell/navigation-progress.tsx).
 */
export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
