-- AlterTable
ALTER TABLE "pending_rule_change" ADD COLUMN     "undoes_id" INTEGER;

-- AlterTable
ALTER TABLE "rule_change" ADD COLUMN     "undoes_id" INTEGER;
