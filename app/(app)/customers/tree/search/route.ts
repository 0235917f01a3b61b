import { getViewer } from "@/lib/auth/viewer";
import { searchTree } from "@/lib/customers/tree";

/** GET /customers/tree/search?q=TEXT: customers below the viewer matching the text, each with its path (lib/customers/tree.ts). */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return Response.json({ error: "unauthenticated" }, { status: 401 });
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return Response.json(await searchTree(viewer, q), { headers: { "cache-control": "no-store" } });
}
