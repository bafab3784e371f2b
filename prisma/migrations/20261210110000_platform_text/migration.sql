-- Platform names are text, checked by the application against its registry of platforms
-- (src/platforms/names.ts), so that adding a platform needs no migration. Every column keeps
-- its values; the unique indexes over them are rebuilt by ALTER COLUMN ... TYPE.

-- AlterTable
ALTER TABLE "team" ALTER COLUMN "channel_platform" SET DATA TYPE TEXT USING "channel_platform"::text;

-- AlterTable
ALTER TABLE "chat_binding" ALTER COLUMN "platform" SET DATA TYPE TEXT USING "platform"::text;

-- AlterTable
ALTER TABLE "member" ALTER COLUMN "platform" SET DATA TYPE TEXT USING "platform"::text;

-- AlterTable
ALTER TABLE "outbox" ALTER COLUMN "platform" SET DATA TYPE TEXT USING "platform"::text;

-- AlterTable
ALTER TABLE "chat_flow" ALTER COLUMN "platform" SET DATA TYPE TEXT USING "platform"::text;

-- DropEnum
DROP TYPE "Platform";
