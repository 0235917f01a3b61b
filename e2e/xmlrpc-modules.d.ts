// The `xmlrpc` package's serializer and deserializer, which its own types do not declare.
declare module "xmlrpc/lib/serializer.js" {
  export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
}
declare module "xmlrpc/lib/deserializer.js" {
  import type { Readable } from "node:stream";
  export default class Deserializer {
    deserializeMethodResponse(stream: Readable, callback: (error: unknown, value: unknown) => void): void;
  }
}
