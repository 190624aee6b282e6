-- CreateTable
CREATE TABLE "Attachment" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "hash" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "mime" TEXT,
    "fileName" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "sourceKey" TEXT,
    "itemId" INTEGER,
    "urgentReportId" INTEGER,
    "urgentUpdateId" INTEGER,
    "addedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulletinIssue" (
    "id" SERIAL NOT NULL,
    "publicationCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "totalNumber" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "issuedOn" TIMESTAMPTZ(3) NOT NULL,
    "editorNote" TEXT,
    "leadItemId" INTEGER,
    "status" TEXT NOT NULL,
    "fileHash" TEXT,
    "compiledById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedAt" TIMESTAMPTZ(3),
    "issuedById" INTEGER,

    CONSTRAINT "BulletinIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulletinEntry" (
    "issueId" INTEGER NOT NULL,
    "itemId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "publicationCode" TEXT NOT NULL,

    CONSTRAINT "BulletinEntry_pkey" PRIMARY KEY ("issueId","itemId")
);

-- CreateIndex
CREATE INDEX "Attachment_itemId_idx" ON "Attachment"("itemId");

-- CreateIndex
CREATE INDEX "Attachment_urgentReportId_idx" ON "Attachment"("urgentReportId");

-- CreateIndex
CREATE INDEX "Attachment_urgentUpdateId_idx" ON "Attachment"("urgentUpdateId");

-- CreateIndex
CREATE INDEX "Attachment_sourceKey_idx" ON "Attachment"("sourceKey");

-- CreateIndex
CREATE INDEX "Attachment_hash_idx" ON "Attachment"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "BulletinIssue_publicationCode_year_number_key" ON "BulletinIssue"("publicationCode", "year", "number");

-- CreateIndex
CREATE UNIQUE INDEX "BulletinIssue_publicationCode_totalNumber_key" ON "BulletinIssue"("publicationCode", "totalNumber");

-- CreateIndex
CREATE UNIQUE INDEX "BulletinEntry_publicationCode_itemId_key" ON "BulletinEntry"("publicationCode", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "BulletinEntry_issueId_position_key" ON "BulletinEntry"("issueId", "position");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_urgentReportId_fkey" FOREIGN KEY ("urgentReportId") REFERENCES "UrgentReport"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_urgentUpdateId_fkey" FOREIGN KEY ("urgentUpdateId") REFERENCES "UrgentUpdate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulletinEntry" ADD CONSTRAINT "BulletinEntry_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "BulletinIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulletinEntry" ADD CONSTRAINT "BulletinEntry_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
