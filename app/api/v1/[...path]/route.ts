// Any other path under /api/v1: a JSON 404 naming what was asked for, rather
// than the web app's HTML page.
import { noRouteResponse } from "@/lib/api/route";

export const GET = noRouteResponse;
export const POST = noRouteResponse;
export const PUT = noRouteResponse;
export const PATCH = noRouteResponse;
export const DELETE = noRouteResponse;
