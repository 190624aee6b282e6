-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "escalatedAt" DATETIME;
ALTER TABLE "OutboxMessage" ADD COLUMN "failingSince" DATETIME;
ALTER TABLE "OutboxMessage" ADD COLUMN "sendingAt" DATETIME;
ALTER TABLE "OutboxMessage" ADD COLUMN "subject" TEXT;

-- CreateTable
CREATE TABLE "DispatcherBeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "beatAt" DATETIME NOT NULL
);
