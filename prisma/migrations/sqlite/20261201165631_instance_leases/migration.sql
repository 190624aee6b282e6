-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SchedulerMinute" (
    "minute" DATETIME NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL
);
