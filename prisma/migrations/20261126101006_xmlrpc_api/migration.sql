-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "api_digest_ha1" TEXT;

-- CreateTable
CREATE TABLE "api_nonce_use" (
    "nonce" TEXT NOT NULL,
    "nc" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_nonce_use_pkey" PRIMARY KEY ("nonce","nc")
);

-- CreateIndex
CREATE INDEX "api_nonce_use_used_at_idx" ON "api_nonce_use"("used_at");
