-- What a first month of use asked for: units and people deactivated from a date (org file
-- `active: false`), missed reports withdrawn (/unmissed) and found by unit and day, and each
-- follow-up's deadline, lateness and delay kept (late follow-ups count in the circular and penalties).

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN "deactivatedAt" DATETIME;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN "deactivatedAt" DATETIME;

-- AlterTable
ALTER TABLE "UrgentMiss" ADD COLUMN "withdrawnAt" DATETIME;
ALTER TABLE "UrgentMiss" ADD COLUMN "withdrawnById" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UrgentUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" DATETIME,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "delayMinutes" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "UrgentUpdate_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "UrgentReport" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "UrgentUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_UrgentUpdate" ("authorId", "createdAt", "id", "kind", "reportId", "text") SELECT "authorId", "createdAt", "id", "kind", "reportId", "text" FROM "UrgentUpdate";
DROP TABLE "UrgentUpdate";
ALTER TABLE "new_UrgentUpdate" RENAME TO "UrgentUpdate";
CREATE INDEX "UrgentUpdate_reportId_idx" ON "UrgentUpdate"("reportId");
CREATE INDEX "UrgentUpdate_late_createdAt_idx" ON "UrgentUpdate"("late", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UrgentMiss_unitId_occurredAt_idx" ON "UrgentMiss"("unitId", "occurredAt");
