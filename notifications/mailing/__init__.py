"""E-mails from the outbox to the mail server: rendering at the last moment, the recorded
intent that makes a resend the very same message, and the daily digests."""
