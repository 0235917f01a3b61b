import { getViewer } from "@/lib/auth/viewer";
import { treeChildren } from "@/lib/customers/tree";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });
const id = (text: string | null) => (text !== null && /^\d{1,10}$/.test(text) ? Number(text) : undefined);

/**
 * GET /customers/tree/children?parent=ID[&after=ID|&from=ID]: one page of a
 * node's children for the hierarchy view (lib/customers/tree.ts). No parent:
 * the viewer's own. A parent the viewer may not list is "not found" (404).
 */
export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return json(401, { error: "unauthenticated" });
  const url = new URL(request.url);
  const parentText = url.searchParams.get("parent");
  const parentId = parentText === null ? viewer.id : (id(parentText) ?? 0);
  const level = await treeChildren(viewer, parentId, { after: id(url.searchParams.get("after")), from: id(url.searchParams.get("from")) });
  return level ? json(200, level) : json(404, { error: "notFound" });
}
