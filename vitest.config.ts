import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { INTEGRATION_WORKERS } from "./tests/integration-workers";

const alias = {
  "@": fileURLToPath(new URL("./", import.meta.url)),
  // `server-only` throws outside React Server Components; tests run lib code in plain Node.
  "server-only": fileURLToPath(new URL("./tests/server-only-stub.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"], exclude: ["**/*.int.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          environment: "node",
          globalSetup: ["tests/integration-setup.ts"],
          setupFiles: ["tests/integration-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files run side by side, each worker on its own database (tests/integration-setup.ts).
          maxWorkers: INTEGRATION_WORKERS,
        },
      },
    ],
  },
});
