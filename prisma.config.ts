import { defineConfig } from "prisma/config";

// The datasource URL only matters to Prisma's own CLI (migrate deploy on an online
// machine); the app builds its client from a driver adapter (src/store/client.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/leadbot" },
});
