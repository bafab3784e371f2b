-- CreateTable
CREATE TABLE "attribute_key" (
    "team_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attribute_key_pkey" PRIMARY KEY ("team_id","key")
);

-- AddForeignKey
ALTER TABLE "attribute_key" ADD CONSTRAINT "attribute_key_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The keys leads already use.
INSERT INTO "attribute_key" ("team_id", "key")
SELECT DISTINCT "team_id", jsonb_object_keys("attributes") FROM "lead" WHERE jsonb_typeof("attributes") = 'object';
