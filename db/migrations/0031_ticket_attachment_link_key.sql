-- The key that signs attachment download links: made once, here, from the database's strong random
-- source (gen_random_uuid draws on it), so every instance on this database shares it without a
-- setting, and a restored database still honours links it signed. Three v4 UUIDs carry 366 random
-- bits; their SHA-256 is the 256-bit key.
INSERT INTO "ticket_attachment_link_keys" ("id", "secret")
VALUES (1, encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
