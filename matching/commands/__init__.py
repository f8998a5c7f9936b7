"""Commands of the matching context, one module per consistency boundary: connections.py (a
connection, its messages and thanks) and blocks.py (whom a resident blocks).

Every command carries its `command_id` (the ids of what it creates are derived from it with
uuid5) and `at`, the time. What the context learns elsewhere (whether a block stands between two
residents) comes in the command as a fact: the domain reads nothing.
"""
