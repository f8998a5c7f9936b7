"""The listings context's domain, pure: no I/O, no clock, no randomness. One module per
aggregate: listing.py (a listing's stream, state and evolve; its decisions in decide.py,
publishing.py, lifecycle.py, responses.py and moderation.py), author.py (an author's postings,
which hold the daily limits) and photo.py; visibility.py says once who may see a listing;
texts.py checks what authors write; errors.py names each rule's refusal."""
