// The viewer: the logged-in customer, resolved on the server from the session
// cookie and re-loaded from the database on every request. Every data
// function takes it; nothing about it ever comes from the client.
import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { loadViewer, type Viewer } from "./load-viewer";
import { readSessionClaims, viewerForSession } from "./sessions";

export { loadViewer, type Viewer };

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions);
  // A session ended by logout or past its 12 hours, an archived or blocked
  // customer, or a session from before a password change resolves to
  // nobody: the viewer is logged out.
  return viewerForSession(readSessionClaims(session?.user));
});

/** The viewer, or a redirect to the login page. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  return viewer;
}
