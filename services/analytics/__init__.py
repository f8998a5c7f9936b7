"""What analysts take away: the log as pseudonymised files, and the platform's key figures.

    quartier export events --format parquet --output events.parquet   (ops/export_events.py)
    quartier report --out report/                                    (ops/report.py)

Every event goes out exactly as the analytics stream carries it (services.relay.messages
.analytics_body): personal data replaced by pseudonyms, never in clear, never as ciphertext.
"""
