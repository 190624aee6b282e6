-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "priority" INTEGER NOT NULL DEFAULT 2
);
INSERT INTO "new_OutboxMessage" ("attempts", "chatId", "claimedBy", "createdAt", "id", "lastError", "nextAttemptAt", "payload", "personId", "platform", "sentAt", "status") SELECT "attempts", "chatId", "claimedBy", "createdAt", "id", "lastError", "nextAttemptAt", "payload", "personId", "platform", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_status_priority_id_idx" ON "OutboxMessage"("status", "priority", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
