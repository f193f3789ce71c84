"""Expressions typed: each expression of a rule given its type, each name what it names.

Takes the declarations :mod:`policyengine.checker` has built (enums, fact collections,
parameters) and an expression with the names in scope; gives the expression's type,
recording it in ``types`` and each name's :class:`Resolution` in ``resolutions``, and
reports every problem through ``report`` (E201-E210, E3xx, worded in
:mod:`policyengine.checker_messages`). It never evaluates anything and never declares a
name: declarations are the checker's.
# INVARIANT: every expression it is given gets an entry in ``types``, every Name one in
# ``resolutions``, even after an error (the compiler reads both for a checked policy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from policyengine import checker_messages as M
from policyengine.builtins import ANY_COLLECTION, BUILTIN_NAMES, BUILTINS, RENAMED
from policyengine.checker_types import (
    AnyType,
    MembersType,
    Resolution,
    Scope,
    did_you_mean,
    enum_members,
    family,
    literal_type,
)
from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.patterns import PATTERNS
from policyengine.schema import (
    BoolType,
    Collection,
    DateType,
    EnumType,
    FactType,
    IntType,
    ListType,
    MapType,
    NullType,
    RecordType,
    RefType,
    SetType,
    StrType,
    Variant,
)
from policyengine.source import Span
from policyengine.syntax import ast

if TYPE_CHECKING:
    from policyengine.checker import Param


_HELP_FUNCTIONS = ", ".join(f"`{f}`" for f in BUILTINS)


_PATTERNS = Text("、".join(f"`{p}`" for p in PATTERNS), ", ".join(f"`{p}`" for p in PATTERNS))


class Expressions:
    """The expression rules of the checker: what it knows of the declarations, and how
    it types an expression against them (the checker is this class, with the
    declarations)."""

    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    types: dict[int, AnyType]
    resolutions: dict[int, Resolution]
    enums: dict[str, EnumType]
    collections: dict[str, Collection]
    kind_names: set[str]
    params: dict[str, Param]
    used_params: set[str]

    def report(
        self,
        message: Message,
        span: Span,
        *,
        help: Text | None = None,
        label: Text | None = None,
        **args: object,
    ) -> None:
        """Report ``message`` with the user's words ``args``; ``help`` instead of the
        message's own help line, when the checker knows better (a near name)."""
        if help is None and message.help is not None:
            help = message.help(**args)
        level = message.level
        diagnostic = Diagnostic(
            message.code, message.words(**args), span=span, help=help, label=label, level=level
        )
        (self.warnings if level == "warning" else self.errors).append(diagnostic)

    def _kind(self, name: str) -> tuple[Collection, Variant] | None:
        for coll in self.collections.values():
            if name in coll.variants:
                return coll, coll.variants[name]
        return None

    def _expect_bool(self, expr: ast.Expr, scope: Scope, clause: str) -> None:
        t = self.expr(expr, scope)
        if not isinstance(t, (BoolType, NullType)):
            shown = _shown(expr)
            if shown is None:
                self.report(M.NOT_A_CONDITION, expr.span, label=_quoted(t), clause=clause, type=t)
                return
            # `when workdays(a, b)` with no comparison: say what is missing.
            self.report(
                M.COMPARISON_EXPECTED, expr.span, label=_quoted(t),
                help=_comparison_help(shown, t), shown=shown, clause=clause, type=t,
            )  # fmt: skip

    def expr(self, e: ast.Expr, scope: Scope) -> AnyType:
        t = self._expr(e, scope)
        self.types[id(e)] = t
        return t

    def _expr(self, e: ast.Expr, scope: Scope) -> AnyType:
        match e:
            case ast.Literal():
                return literal_type(e.value)
            case ast.Name():
                return self._name(e, scope)
            case ast.Attr():
                return self._attr(e, scope)
            case ast.Index():
                return self._index(e, scope)
            case ast.Call():
                return self._call(e, scope)
            case ast.Aggregate():
                return self._aggregate(e, scope)
            case ast.Unary():
                return self._unary(e, scope)
            case ast.Binary():
                return self._binary(e, scope)
            case ast.Test():
                return self._test(e, scope)
            case ast.Matches():
                return self._matches(e, scope)
            case ast.If():
                self._expect_bool(e.cond, scope, "if")
                return self._join(e, self.expr(e.then, scope), self.expr(e.else_, scope))
            case ast.SetLit():
                return self._set(e, scope)
            case ast.MapLit():
                self.report(M.MAP_OUTSIDE_DEFAULT, e.span)
                return NullType()
            case _:
                assert_never(e)

    def _index(self, e: ast.Index, scope: Scope) -> AnyType:
        obj = self.expr(e.obj, scope)
        key = self.expr(e.key, scope)
        if isinstance(obj, MapType):
            if not self._compatible(obj.key, key):
                self._mismatch(e.key, obj.key, key)
            return obj.value
        self.report(M.NOT_A_MAP, e.obj.span, type=obj)
        return NullType()

    def _unary(self, e: ast.Unary, scope: Scope) -> AnyType:
        t = self.expr(e.operand, scope)
        match e.op:
            case "not":
                if not isinstance(t, (BoolType, NullType)):
                    self._mismatch(e.operand, BoolType(), t)
                return BoolType()
            case "-":
                if not isinstance(t, IntType):
                    self._mismatch(e.operand, IntType(), t)
                    return IntType()
                return t
            case _:
                assert_never(e.op)

    def _test(self, e: ast.Test, scope: Scope) -> AnyType:
        t = self.expr(e.operand, scope)
        match e.what:
            case "empty":
                if not isinstance(t, (ListType, SetType, MembersType, StrType, NullType)):
                    self.report(M.EMPTY_NOT_A_COLLECTION, e.operand.span, label=_quoted(t), type=t)
            case "null":
                pass  # any value may be missing
            case _:
                assert_never(e.what)
        return BoolType()

    def _matches(self, e: ast.Matches, scope: Scope) -> AnyType:
        t = self.expr(e.operand, scope)
        if not isinstance(t, (StrType, NullType)):
            self._mismatch(e.operand, StrType(), t)
        if e.pattern not in PATTERNS:
            self.report(M.UNKNOWN_PATTERN, e.pattern_span, name=e.pattern, patterns=_PATTERNS)
        return BoolType()

    def _name(self, e: ast.Name, scope: Scope) -> AnyType:
        name = e.name
        if name in scope.names:
            what, t = scope.names[name]
            self.resolutions[id(e)] = Resolution(what, name)
            return t
        if name in self.params:
            self.used_params.add(name)
            self.resolutions[id(e)] = Resolution("param", name)
            return self.params[name].type
        if name in BUILTIN_NAMES:
            self.resolutions[id(e)] = Resolution("builtin", name)
            return BUILTIN_NAMES[name]
        members = {m for en in self.enums.values() for m in en.members}
        members |= {
            m
            for coll in self.collections.values()
            for v in coll.variants.values()
            for f in v.fields
            for m in enum_members(f.type)
        }
        members |= {m for p in self.params.values() for m in enum_members(p.type)}
        if name in members:
            self.resolutions[id(e)] = Resolution("member", name)
            return MembersType(frozenset([name]))
        known = [*scope.names, *self.params, *BUILTIN_NAMES, *members, *self.kind_names]
        self.report(M.UNKNOWN_NAME, e.span, help=did_you_mean(name, known), name=name)
        self.resolutions[id(e)] = Resolution("member", name)
        return NullType()

    def _record_of(self, t: AnyType) -> RecordType | None:
        if isinstance(t, FactType):
            found = self._kind(t.kind)
            return found[1].record if found else None
        if isinstance(t, RefType):
            found = self._kind(t.kind)
            return found[1].record if found else None
        if isinstance(t, RecordType):
            return t
        return None

    def _attr(self, e: ast.Attr, scope: Scope) -> AnyType:
        obj = self.expr(e.obj, scope)
        record = self._record_of(obj)
        if record is None:
            if not isinstance(obj, NullType):
                self.report(M.NO_FIELDS, e.span, label=_quoted(obj), type=obj, name=e.name)
            return NullType()
        f = record.field(e.name)
        if f is None:
            near = did_you_mean(e.name, [f.name for f in record.fields])
            self.report(M.NO_SUCH_FIELD, e.span, help=near, record=record.name, name=e.name)
            return NullType()
        return f.type

    def _call(self, e: ast.Call, scope: Scope) -> AnyType:
        args = [self.expr(a, scope) for a in e.args]
        builtin = BUILTINS.get(e.func)
        if builtin is None:
            help_ = (
                RENAMED.get(e.func)
                or did_you_mean(e.func, BUILTINS)
                or M.FUNCTIONS(functions=_HELP_FUNCTIONS)
            )
            self.report(M.UNKNOWN_FUNCTION, e.span, help=help_, name=e.func)
            return NullType()
        params, result = builtin.params, builtin.result
        if len(args) != len(params):
            self.report(M.ARGUMENT_COUNT, e.span, name=e.func, want=len(params), got=len(args))
            return result
        for arg, want, got in zip(e.args, params, args, strict=True):
            if want == ANY_COLLECTION:
                if not isinstance(got, (ListType, SetType, MembersType, NullType)):
                    self.report(M.COUNT_NOT_A_COLLECTION, arg.span, label=_quoted(got), type=got)
            elif not self._compatible(want, got):
                self._mismatch(arg, want, got)
        units = builtin.length_units
        length = args[-1]
        if units and not (
            isinstance(length, NullType) or (isinstance(length, IntType) and length.unit in units)
        ):
            self.report(
                M.LENGTH_WITHOUT_UNIT, e.args[-1].span, label=_quoted(length),
                units=Text("、".join(units), ", ".join(units)), type=length,
            )  # fmt: skip
        return result

    def _aggregate(self, e: ast.Aggregate, scope: Scope) -> AnyType:
        element: AnyType
        if (
            isinstance(e.source, ast.Name)
            and e.source.name not in scope.names
            and self._kind(e.source.name)
        ):
            element = FactType(e.source.name)
            self.resolutions[id(e.source)] = Resolution("kind", e.source.name)
            self.types[id(e.source)] = ListType(FactType(e.source.name))
        else:
            src = self.expr(e.source, scope)
            found = self.element_of(src)
            if found is None:
                near = did_you_mean(getattr(e.source, "name", ""), self.kind_names)
                self.report(M.AGGREGATE_OVER_NON_COLLECTION, e.source.span, help=near, type=src)
            element = NullType() if found is None else found
        inner = scope.child(e.var, "var", element)
        if e.where is not None:
            self._expect_bool(e.where, inner, "where")
        t = NullType() if e.value is None else self.expr(e.value, inner)
        # INVARIANT: the grammar gives `count`/`any`/`all` no value and the others one.
        match e.op:
            case "count":
                return IntType("count")
            case "any" | "all":
                return BoolType()
            case "latest" | "earliest":
                if not isinstance(t, (DateType, NullType)):
                    self._mismatch(_value(e), DateType(), t)
            case "min" | "max":
                if not isinstance(t, (DateType, IntType, NullType)):
                    self._mismatch(_value(e), IntType(), t)
            case "sum":
                if not isinstance(t, (IntType, NullType)):
                    self._mismatch(_value(e), IntType(), t)
            case "union":
                # the items of every value, gathered into one set
                if isinstance(t, MembersType):
                    return t
                if isinstance(t, (ListType, SetType)):
                    return SetType(t.element)
                if not isinstance(t, NullType):
                    self.report(M.UNION_OF_NON_COLLECTION, _value(e).span, type=t)
                return SetType(NullType())
            case _:
                assert_never(e.op)
        return t

    @staticmethod
    def element_of(src: AnyType) -> AnyType | None:
        """The type of an item of a collection (a set of enum members: those members);
        unknown for an unknown source; None for a type that is not a collection."""
        if isinstance(src, (ListType, SetType)):
            return src.element
        if isinstance(src, MembersType):
            return src
        return NullType() if isinstance(src, NullType) else None

    def _set(self, e: ast.SetLit, scope: Scope) -> AnyType:
        types = [self.expr(item, scope) for item in e.items]
        if not types:
            return MembersType(frozenset())
        if all(isinstance(t, MembersType) for t in types):
            return MembersType(frozenset().union(*(t.names for t in types)))  # type: ignore[union-attr]
        first = types[0]
        for item, t in zip(e.items[1:], types[1:], strict=True):
            if not self._compatible(first, t):
                self._mismatch(item, first, t)
        return SetType(first)  # type: ignore[arg-type]

    def _binary(self, e: ast.Binary, scope: Scope) -> AnyType:
        left = self.expr(e.left, scope)
        right = self.expr(e.right, scope)
        match e.op:
            case "and" | "or":
                for side, t in ((e.left, left), (e.right, right)):
                    if not isinstance(t, (BoolType, NullType)):
                        self._mismatch(side, BoolType(), t)
                return BoolType()
            case "==" | "!=":
                if not self._compatible(left, right):
                    self._cannot_compare(e, left, right)
                else:
                    self._check_members(left, right, e.right)
                    self._check_members(right, left, e.left)
                return BoolType()
            case "<" | "<=" | ">" | ">=":
                ordered = (IntType, DateType, NullType)
                if not (isinstance(left, ordered) and isinstance(right, ordered)) or not (
                    self._compatible(left, right)
                ):
                    self._cannot_compare(e, left, right)
                elif e.word is not None:
                    self._check_word(e, e.word, left, right)
                return BoolType()
            case "in" | "not in":
                return self._membership(e, left, right)
            case "+" | "-":
                return self._arith(e, left, right)
            case "otherwise":
                return self._join(e, left, right)
            case _:
                assert_never(e.op)

    def _membership(self, e: ast.Binary, left: AnyType, right: AnyType) -> AnyType:
        if isinstance(right, (ListType, SetType)):
            element: AnyType = right.element
        elif isinstance(right, MembersType):
            element = right
        elif isinstance(right, NullType):
            return BoolType()
        else:
            self.report(M.IN_NOT_A_COLLECTION, e.right.span, label=_quoted(right), type=right)
            return BoolType()
        if not self._compatible(left, element):
            self._cannot_compare(e, left, element)
        else:
            self._check_members(left, element, e.right)
            self._check_members(element, left, e.left)
        return BoolType()

    def _arith(self, e: ast.Binary, left: AnyType, right: AnyType) -> AnyType:
        if isinstance(left, IntType) and isinstance(right, IntType):
            if left.unit and right.unit and left.unit != right.unit:
                self._cannot_compare(e, left, right, verb=M.ADD_OR_SUBTRACT)
            return IntType(left.unit or right.unit)
        collections = (ListType, SetType, MembersType)
        if isinstance(left, collections) and isinstance(right, collections):
            if _empty_set(left) or _empty_set(right):
                # `{}`, the empty set, adds nothing to a list or set and takes nothing away
                other = right if _empty_set(left) else left
                return SetType(other.element) if isinstance(other, (ListType, SetType)) else other
            le = left if isinstance(left, MembersType) else left.element
            re_ = right if isinstance(right, MembersType) else right.element
            if not self._compatible(le, re_):
                self._cannot_compare(e, left, right, verb=M.COMBINE)
                return left
            self._check_members(le, re_, e.right)
            self._check_members(re_, le, e.left)
            if isinstance(le, MembersType) and isinstance(re_, MembersType):
                return MembersType(le.names | re_.names)
            concrete = re_ if isinstance(le, MembersType) else le
            return SetType(concrete)  # type: ignore[arg-type]
        if isinstance(left, DateType) or isinstance(right, DateType):
            self.report(M.DATE_ARITHMETIC, e.span)
            return NullType()
        if not isinstance(left, NullType) and not isinstance(right, NullType):
            self._cannot_compare(e, left, right, verb=M.ADD_OR_SUBTRACT)
        return left if not isinstance(left, NullType) else right

    def _join(self, e: ast.Expr, a: AnyType, b: AnyType) -> AnyType:
        if isinstance(a, NullType):
            return b
        if isinstance(b, NullType):
            return a
        if not self._compatible(a, b):
            self._cannot_compare(e, a, b, verb=M.USE_TOGETHER)
        if isinstance(a, MembersType) and not isinstance(b, MembersType):
            return b
        if isinstance(a, SetType) and isinstance(b, SetType) and isinstance(a.element, MembersType):
            return b
        return a

    def _compatible(self, a: AnyType, b: AnyType) -> bool:
        if isinstance(a, NullType) or isinstance(b, NullType):
            return True
        if (_empty_set(a) and isinstance(b, (ListType, SetType))) or (
            _empty_set(b) and isinstance(a, (ListType, SetType))
        ):
            return True  # `{}`, the empty set, goes with a list or set of anything
        if isinstance(a, ListType) and isinstance(b, ListType) and isinstance(a.element, NullType):
            return True  # ``size`` accepts a list of anything
        if family(a) != family(b):
            return {family(a), family(b)} <= {"SetType", "ListType", "MembersType"}
        if isinstance(a, IntType) and isinstance(b, IntType):
            return a.unit is None or b.unit is None or a.unit == b.unit
        if isinstance(a, (FactType, RefType)) and isinstance(b, (FactType, RefType)):
            return self._same_kind(a.kind, b.kind)
        if isinstance(a, EnumType) and isinstance(b, EnumType):
            return a.members == b.members
        if isinstance(a, (ListType, SetType)) and isinstance(b, (ListType, SetType)):
            return self._compatible(a.element, b.element)
        return True

    def _same_kind(self, a: str, b: str) -> bool:
        if a == b:
            return True
        fa, fb = self._kind(a), self._kind(b)
        return fa is not None and fb is not None and fa[0].name == fb[0].name

    def _check_members(self, want: AnyType, got: AnyType, where: ast.Expr) -> None:
        """``x == foo``: when x is an enum, ``foo`` must be one of its members."""
        if isinstance(want, EnumType) and isinstance(got, MembersType):
            for name in sorted(got.names - set(want.members)):
                span = _find_member(where, name) or where.span
                help_ = did_you_mean(name, want.members) or M.MEMBERS(
                    members=Text("、".join(want.members), ", ".join(want.members))
                )
                self.report(M.NOT_A_MEMBER, span, help=help_, name=name, enum=want.name)

    def _mismatch(self, e: ast.Expr, want: AnyType, got: AnyType) -> None:
        self.report(M.MISMATCH, e.span, label=_quoted(got), want=want, got=got)

    def _check_word(self, e: ast.Binary, word: str, left: AnyType, right: AnyType) -> None:
        """A threshold word compares what it names: 超过 a number, 晚于 a date."""
        want = ast.THRESHOLD_WORDS[word].compares
        got = "date" if DateType() in (left, right) else "number"
        if NullType() in (left, right) or want == got:
            return
        instead = next(
            w
            for w, t in ast.THRESHOLD_WORDS.items()
            if t.op == e.op and t.compares == got and w.isascii() == word.isascii()
        )
        what = M.DATES if got == "date" else M.NUMBERS
        self.report(
            M.WRONG_THRESHOLD_WORD, e.span, label=_quoted(word), word=word, what=what,
            instead=instead,
        )  # fmt: skip

    def _cannot_compare(
        self,
        e: ast.Binary | ast.Expr,
        a: AnyType,
        b: AnyType,
        verb: Text = M.COMPARE,
    ) -> None:
        help_ = None
        if {family(a), family(b)} == {"DateType", "int"}:
            help_ = M.DATE_WITH_NUMBER()
        elif isinstance(a, IntType) and isinstance(b, IntType):
            if {a.unit, b.unit} == {"days", "workdays"}:
                help_ = M.WORKDAYS_WITH_DAYS()
            else:
                help_ = M.DIFFERENT_UNITS(a=a, b=b)
        self.report(M.CANNOT_COMPARE, e.span, label=_quoted(a), help=help_, verb=verb, a=a, b=b)


def _quoted(value: object) -> Text:
    """A label under the carets: the user's text (a type, a word), in both languages."""
    return Text.same(f"`{value}`")


def _empty_set(t: AnyType) -> bool:
    """`{}`: a set literal with no members, of no element type yet."""
    return isinstance(t, MembersType) and not t.names


def _value(e: ast.Aggregate) -> ast.Expr:
    assert e.value is not None
    return e.value


def _shown(e: ast.Expr) -> str | None:
    """A short name for an expression in a message: `workdays(...)`, `f.kind`, `d`."""
    if isinstance(e, ast.Call):
        return f"{e.func}(...)"
    if isinstance(e, ast.Aggregate):
        return f"{e.op}(...)"
    path: list[str] = []
    while isinstance(e, ast.Attr):
        path.append(e.name)
        e = e.obj
    if isinstance(e, ast.Name) and len(path) < 8:
        return ".".join([e.name, *reversed(path)])
    return None


def _comparison_help(shown: str, t: AnyType) -> Text | None:
    """An example comparison for a value of type ``t``."""
    if isinstance(t, IntType):
        return M.COMPARE_WITH_NUMBER(shown=shown)
    if isinstance(t, DateType):
        return M.COMPARE_WITH_DATE(shown=shown)
    if isinstance(t, EnumType) and t.members:
        return M.COMPARE_WITH_MEMBER(shown=shown, member=t.members[0])
    if isinstance(t, (ListType, SetType, StrType)):
        return M.TEST_EMPTY(shown=shown)
    return M.TEST_NULL(shown=shown)


def _find_member(e: ast.Expr, name: str) -> Span | None:
    if isinstance(e, ast.Name) and e.name == name:
        return e.span
    if isinstance(e, ast.SetLit):
        for item in e.items:
            found = _find_member(item, name)
            if found:
                return found
    if isinstance(e, ast.Binary):
        return _find_member(e.left, name) or _find_member(e.right, name)
    return None
