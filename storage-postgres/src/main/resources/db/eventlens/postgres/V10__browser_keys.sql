-- Browser keys: an ingest key bound to the web origins whose pages may send with it (normalised
-- scheme://host[:port]). Empty for every key made before: a server key, which no page may use.
ALTER TABLE api_keys ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}';
