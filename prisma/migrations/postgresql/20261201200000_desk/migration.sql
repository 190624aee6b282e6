-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "feedbackNotices" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "revisedAt" TIMESTAMPTZ(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Instruction" ADD COLUMN     "leaderId" INTEGER;

-- AlterTable
ALTER TABLE "UrgentReport" ADD COLUMN     "acknowledgedAt" TIMESTAMPTZ(3),
ADD COLUMN     "acknowledgedById" INTEGER,
ADD COLUMN     "calledAt" TIMESTAMPTZ(3),
ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'chat',
ADD COLUMN     "loggedById" INTEGER;

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "requirements" TEXT;

-- AlterTable
ALTER TABLE "CommissionUnit" ADD COLUMN     "dueAt" TIMESTAMPTZ(3),
ADD COLUMN     "personId" INTEGER;

-- CreateTable
CREATE TABLE "ItemVersion" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "editedById" INTEGER NOT NULL,
    "editedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ItemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ItemVersion_itemId_version_key" ON "ItemVersion"("itemId", "version");

-- AddForeignKey
ALTER TABLE "ItemVersion" ADD CONSTRAINT "ItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
