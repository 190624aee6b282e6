-- AlterTable
ALTER TABLE "Instruction" ADD COLUMN "leaderId" INTEGER;

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN "requirements" TEXT;

-- AlterTable
ALTER TABLE "CommissionUnit" ADD COLUMN "dueAt" DATETIME;
ALTER TABLE "CommissionUnit" ADD COLUMN "personId" INTEGER;

-- CreateTable
CREATE TABLE "ItemVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "editedById" INTEGER NOT NULL,
    "editedAt" DATETIME NOT NULL,
    CONSTRAINT "ItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" INTEGER,
    "leaderLevel" TEXT,
    "locale" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "feedbackNotices" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Person_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Person" ("active", "code", "createdAt", "deactivatedAt", "id", "leaderLevel", "locale", "name", "unitId", "updatedAt") SELECT "active", "code", "createdAt", "deactivatedAt", "id", "leaderLevel", "locale", "name", "unitId", "updatedAt" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_code_key" ON "Person"("code");
CREATE TABLE "new_Item" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "commissionId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    "signedById" INTEGER,
    "signedAt" DATETIME,
    "reviewedAt" DATETIME,
    "reviewNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "revisedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Item_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Item_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Item_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Item_commissionId_fkey" FOREIGN KEY ("commissionId") REFERENCES "Commission" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("authorId", "body", "category", "commissionId", "createdAt", "id", "reviewNote", "reviewedAt", "signedAt", "signedById", "status", "submittedAt", "title", "unitId", "updatedAt") SELECT "authorId", "body", "category", "commissionId", "createdAt", "id", "reviewNote", "reviewedAt", "signedAt", "signedById", "status", "submittedAt", "title", "unitId", "updatedAt" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_unitId_submittedAt_idx" ON "Item"("unitId", "submittedAt");
CREATE INDEX "Item_authorId_createdAt_idx" ON "Item"("authorId", "createdAt");
CREATE INDEX "Item_status_idx" ON "Item"("status");
CREATE TABLE "new_UrgentReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "reporterId" INTEGER NOT NULL,
    "what" TEXT NOT NULL,
    "place" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "severity" TEXT NOT NULL,
    "casualties" TEXT,
    "delayMinutes" INTEGER NOT NULL,
    "late" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "nextDueAt" DATETIME,
    "closedAt" DATETIME,
    "rulesVersion" INTEGER NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'chat',
    "calledAt" DATETIME,
    "loggedById" INTEGER,
    "acknowledgedAt" DATETIME,
    "acknowledgedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UrgentReport_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "UrgentReport_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_UrgentReport" ("casualties", "closedAt", "createdAt", "delayMinutes", "id", "late", "nextDueAt", "occurredAt", "place", "reportedAt", "reporterId", "rulesVersion", "severity", "status", "unitId", "what") SELECT "casualties", "closedAt", "createdAt", "delayMinutes", "id", "late", "nextDueAt", "occurredAt", "place", "reportedAt", "reporterId", "rulesVersion", "severity", "status", "unitId", "what" FROM "UrgentReport";
DROP TABLE "UrgentReport";
ALTER TABLE "new_UrgentReport" RENAME TO "UrgentReport";
CREATE INDEX "UrgentReport_status_nextDueAt_idx" ON "UrgentReport"("status", "nextDueAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ItemVersion_itemId_version_key" ON "ItemVersion"("itemId", "version");
