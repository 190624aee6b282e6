-- AlterTable
ALTER TABLE "Award" ADD COLUMN "periodEnd" DATETIME;
ALTER TABLE "Award" ADD COLUMN "periodKey" TEXT;
ALTER TABLE "Award" ADD COLUMN "periodStart" DATETIME;
