import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { navigationFor } from "@/lib/auth/navigation";
import { NavLink } from "./nav-link";
import { NavMenu } from "./nav-menu";
import { LogoutButton } from "./logout-button";
import { ProfileMenu } from "@/components/profile/profile-menu";
import { NotificationBell } from "@/components/notifications/notification-bell";
import Link from "@/components/ui/link";

export async function AppHeader({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-900">{tApp("name")}</Link>
        <NavMenu label={t("main")}>
          {navigationFor(viewer).map((item) => (
            <NavLink key={item.href} href={item.href}>
              {t(item.label)}
            </NavLink>
          ))}
        </NavMenu>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-600" data-testid="viewer-name">
            {t("signedInAs", { name: viewer.name })}
          </span>
          <NotificationBell viewer={viewer} />
          <ProfileMenu viewer={viewer} />
          <LogoutButton />
        </div>
      </div>
    </header>
  );
}
