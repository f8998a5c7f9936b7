"""What the simulated residents do, and how often: one table read by the locustfile (the weights
of its tasks), the runner (its report) and the unit test (that the mix adds up).

Reads are ~90 % of requests, as on a neighbourhood board most visits are looks. Writes follow
the posting rates seen in mutual-help groups: 0.02 to 0.4 listings per member per month, 4 to 8
times that during a crisis (a storm, a flood). A load test cannot run for a month, so each
simulated resident stands for many real ones: `members_equivalent` says how many real members,
posting at the crisis rate, would send the posts per second a run reached.
"""

from __future__ import annotations

# name: (weight, what it sends). Weights are per 100 requests.
MIX: dict[str, tuple[int, str]] = {
    "board": (38, "GET /neighbourhoods/{id}/listings"),
    "search": (22, "GET /neighbourhoods/{id}/listings?q="),
    "listing": (10, "GET /listings/{id}"),
    "notifications": (10, "GET /notifications"),
    "unread count": (10, "GET /notifications/unread-count"),
    "post": (4, "POST /neighbourhoods/{id}/listings"),
    "respond": (3, "POST /listings/{id}/responses"),
    "book": (2, "POST /listings/{id}/bookings"),
    "sign in": (1, "POST /sessions"),
}
READS = frozenset(name for name, (_, sent) in MIX.items() if sent.startswith("GET"))

# Listings per member per month: the usual range, and a crisis's multiple of its top.
POSTING_PER_MEMBER_MONTH = (0.02, 0.4)
CRISIS_BURST = (4, 8)
SECONDS_PER_MONTH = 30 * 24 * 3600

# Seconds a resident waits between two requests (reading a page, typing a listing).
THINK_SECONDS = (1.0, 3.0)


def read_share() -> float:
    """The share of requests that only read."""
    total = sum(weight for weight, _ in MIX.values())
    return sum(MIX[name][0] for name in READS) / total


def members_equivalent(posts_per_second: float) -> int:
    """Real members whose posting at the top crisis rate adds up to `posts_per_second`."""
    per_member = POSTING_PER_MEMBER_MONTH[1] * CRISIS_BURST[1] / SECONDS_PER_MONTH
    return round(posts_per_second / per_member)
