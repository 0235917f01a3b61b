// "Add accounts in bulk" for the Accounts page header: loads what the button
// needs for the viewer (its own tariffs, its time zone and language as the
// cards' defaults) and renders nothing for a viewer who may not add accounts.
import { getViewer } from "@/lib/auth/viewer";
import { permits } from "@/lib/access/access";
import { listTariffOptions } from "@/lib/tariffs/tariffs";
import { BulkAccountsButton } from "./bulk-accounts-dialog";

export async function BulkAccountsSlot() {
  const viewer = await getViewer();
  // The cards are the viewer's own accounts: the "owner" relation.
  if (!viewer || !permits(viewer, "account", "create", "owner")) return null;
  const tariffs = await listTariffOptions(viewer);
  return <BulkAccountsButton tariffs={tariffs} defaults={{ timeZone: viewer.timeZone, language: viewer.language }} />;
}
