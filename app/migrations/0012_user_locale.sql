-- The language each user last used the app in ('en', 'fr', 'ja'; NULL until they fetch a token):
-- what callers to them hear (voicemail greeting, "there was no answer"), what they hear when a
-- call of theirs is refused, and, for a show's host, what the show's callers hear.
ALTER TABLE users ADD COLUMN locale TEXT;
