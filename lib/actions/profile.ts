"use server";
// The profile menu's action (components/profile): the signed-in customer sets
// its own language, time zone and display currency. It acts on itself only:
// there is no id argument (the customer is the session's), so no access rule
// beyond being signed in applies, as on the self-care page.
import { requireViewer } from "@/lib/auth/viewer";
import { profileSchema } from "@/lib/customers/profile-schema";
import { updateProfile } from "@/lib/customers/profile";
import { principalAction } from "./server-action";

// Language, time zone and currency change every page: the whole app is refreshed.
export const updateProfileAction = principalAction(
  requireViewer,
  () => {},
  { input: () => profileSchema, revalidate: { path: "/", layout: true } },
  ({ principal, ip, input }) => updateProfile(principal, input, ip),
);
