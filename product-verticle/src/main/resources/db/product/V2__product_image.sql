-- an optional picture: an http(s) URL or a path under the storefront (/images/...), checked by the service
ALTER TABLE products ADD COLUMN image_url VARCHAR(500) NULL AFTER currency;
