import type { Viewer } from "@/lib/auth/viewer";
import { loadRateTableForRender } from "@/lib/exchange-rates/exchange-rates";
import { currenciesWithRate } from "@/lib/exchange-rates/rate-table";
import { ProfileDialog } from "./profile-dialog";

/**
 * The header's profile menu: the viewer's language, time zone and display
 * currency, offered only among currencies it has a rate for. Sits in the
 * shell's header (components/shell/app-header.tsx).
 */
export async function ProfileMenu({ viewer }: { viewer: Viewer }) {
  const currencies = currenciesWithRate(await loadRateTableForRender(viewer));
  return (
    <ProfileDialog
      profile={{ language: viewer.language, timeZone: viewer.timeZone, displayCurrency: viewer.displayCurrency }}
      currencies={currencies}
    />
  );
}
