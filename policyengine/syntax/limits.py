"""How large a policy may be: the limits the parser enforces.

Takes nothing; gives the limits, which the parser, the transformer and the error
messages (and ``docs/``) share. Never: changes at run time (a policy is refused or
accepted the same way everywhere).
"""

MAX_POLICY_BYTES = 1024 * 1024
"""The largest policy text, in UTF-8 bytes (E104)."""
MAX_DEPTH = 64
"""Levels of nesting in a policy's syntax tree, and of a message placeholder's path (E105)."""
MAX_INT_DIGITS = 18
"""Digits of a whole number written in a policy (E106)."""
