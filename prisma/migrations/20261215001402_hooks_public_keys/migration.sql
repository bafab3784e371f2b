-- Public API keys for the website snippet (GET /t.js), and form/CRM webhook sources
-- (POST /api/v1/hooks/<name>).

-- CreateEnum
CREATE TYPE "ApiKeyKind" AS ENUM ('secret', 'public');

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN "kind" "ApiKeyKind" NOT NULL DEFAULT 'secret',
ADD COLUMN "origins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "hook_source" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_received_at" TIMESTAMP(3),

    CONSTRAINT "hook_source_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "hook_source_team_id_name_key" ON "hook_source"("team_id", "name");

-- AddForeignKey
ALTER TABLE "hook_source" ADD CONSTRAINT "hook_source_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
