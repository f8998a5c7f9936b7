"""Notifications: inbox, e-mail, postal letters, preferences, quiet hours, digests."""
