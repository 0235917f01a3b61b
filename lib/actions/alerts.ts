"use server";
// Low-balance alerts and notifications (components/notifications). The
// viewer's own thresholds and notifications are its own settings and mail:
// no id of anyone else, no right needed (like the profile menu). A threshold
// for one customer is judged by the customer "edit" rule (a direct customer,
// customers_edit), and the domain function scopes its read by it.
import { z } from "zod";
import { requireViewer } from "@/lib/auth/viewer";
import { ownThresholdsSchema, customerThresholdSchema } from "@/lib/alerts/threshold-schema";
import { saveOwnThresholds, setCustomerThreshold, thresholdCurrency } from "@/lib/alerts/thresholds";
import { markAllRead, markRead } from "@/lib/alerts/notifications";
import { principalAction, serverAction } from "./server-action";

/** A notification id as the page sends it: digits only (bigint), never anything the database would misread. */
const notificationId = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/) });

export const saveOwnThresholdsAction = principalAction(
  requireViewer,
  () => {},
  { input: (viewer) => ownThresholdsSchema(viewer.baseCurrency, viewer.language), revalidate: { path: "/", layout: true } },
  ({ principal, ip, input }) => saveOwnThresholds(principal, input, ip).then(() => null),
);

export const setCustomerThresholdAction = serverAction(
  {
    ids: ["customerId"],
    input: async (viewer, ids) => customerThresholdSchema(await thresholdCurrency(viewer, ids.customerId), viewer.language),
    access: ["customer", "edit"],
    revalidate: { path: "/", layout: true },
  },
  ({ viewer, ip, ids, input }) => setCustomerThreshold(viewer, ids.customerId, input, ip).then(() => null),
);

export const markNotificationReadAction = principalAction(
  requireViewer,
  () => {},
  { input: () => notificationId, revalidate: { path: "/", layout: true } },
  ({ principal, input }) => markRead(principal, BigInt(input.id)),
);

export const markAllNotificationsReadAction = principalAction(
  requireViewer,
  () => {},
  { revalidate: { path: "/", layout: true } },
  ({ principal }) => markAllRead(principal),
);
