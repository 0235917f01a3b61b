// The catalogue a page's client components need, sent with the page and not
// with every page (scripts/client-namespaces.ts works out which namespaces;
// lib/i18n/client-namespaces.json holds them). Every page's default export is
// `withPageMessages("<its file>", Page)`; the unit test checks each does.
import type { ComponentType } from "react";
import { getMessages } from "next-intl/server";
import { layoutNamespaces, pageNamespaces, pickNamespaces } from "@/lib/i18n/client-messages";
import { MergeMessages } from "./merge-messages";

export function withPageMessages<P extends object>(page: string, Page: ComponentType<P>) {
  const extra = pageNamespaces(page).filter((n) => !layoutNamespaces().includes(n));
  async function PageWithMessages(props: P) {
    if (extra.length === 0) return <Page {...props} />;
    return (
      <MergeMessages messages={pickNamespaces(await getMessages(), extra)}>
        <Page {...props} />
      </MergeMessages>
    );
  }
  return PageWithMessages;
}
