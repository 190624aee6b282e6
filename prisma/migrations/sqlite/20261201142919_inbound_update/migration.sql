-- CreateTable
CREATE TABLE "InboundUpdate" (
    "platform" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("platform", "updateId")
);
