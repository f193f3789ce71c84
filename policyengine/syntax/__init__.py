"""The policy language's syntax: text to a typed AST.

Takes a policy's text; gives a :class:`~policyengine.syntax.ast.Module`
(:func:`~policyengine.syntax.parser.parse`) or a
:class:`~policyengine.errors.PolicySyntaxError` with file:line:column (E1xx). It never
resolves a name or a type: that is :mod:`policyengine.checker`'s.
"""
