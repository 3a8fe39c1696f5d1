-- Why: 督办 means calling the people responsible for an issue (grid managers, group leaders), and
-- accounts had no phone number (issue 23). Empty means "not recorded"; otherwise a plausible Chinese
-- number as people write it: 7–20 of digits, '+', '-' and spaces (0731-8xxxxxxx, 138 0000 0000, +86…).
ALTER TABLE users
  ADD COLUMN phone text NOT NULL DEFAULT ''
    CONSTRAINT users_phone_plausible CHECK (phone = '' OR phone ~ '^[0-9+ -]{7,20}$');
