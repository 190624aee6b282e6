-- A language chosen with /lang before binding now lives on the person's record (it was read from
-- the chat account's setting on every update). Copy it there for people bound before this change.
UPDATE "Person"
SET "locale" = (
  SELECT s."value" FROM "Setting" s
  JOIN "ChatIdentity" ci ON s."key" = 'locale:' || ci."platform" || ':' || ci."platformUserId"
  WHERE ci."personId" = "Person"."id"
  ORDER BY ci."id"
  LIMIT 1
)
WHERE "locale" IS NULL
  AND EXISTS (
    SELECT 1 FROM "Setting" s
    JOIN "ChatIdentity" ci ON s."key" = 'locale:' || ci."platform" || ':' || ci."platformUserId"
    WHERE ci."personId" = "Person"."id"
  );
