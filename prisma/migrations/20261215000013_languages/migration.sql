-- Languages (README, "Languages"): a member may choose the language of their private answers
-- (`/me language pl`); NULL follows their platform's language, else their team's. The team's
-- language is the existing "team"."locale" column (`/team language uk`), a registered code.

-- AlterTable
ALTER TABLE "member" ADD COLUMN "language" TEXT;
