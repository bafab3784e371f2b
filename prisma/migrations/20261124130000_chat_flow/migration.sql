-- CreateTable
CREATE TABLE "chat_flow" (
    "id" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "chat_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "team_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_callback" (
    "id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_callback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chat_flow_team_id_idx" ON "chat_flow"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_flow_platform_chat_id_user_id_key" ON "chat_flow"("platform", "chat_id", "user_id");

-- CreateIndex
CREATE INDEX "chat_callback_created_at_idx" ON "chat_callback"("created_at");

-- AddForeignKey
ALTER TABLE "chat_flow" ADD CONSTRAINT "chat_flow_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
