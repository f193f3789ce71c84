"""Names and types: the AST checked against the policy's own declarations.

The checker builds the fact :class:`~policyengine.schema.Schema` from the
``enum``/``record``/``facts`` declarations, then resolves every name in every
parameter, article reference and rule, and gives every expression a type. It
collects all diagnostics instead of stopping at the first.

Its output, :class:`CheckedPolicy`, is what the compiler consumes.
# INVARIANT: the compiler may assume every Name in a checked rule has an entry in
# ``resolutions`` and every expression an entry in ``types`` (keyed by ``id(node)``;
# the AST lives as long as the CheckedPolicy, so the ids are stable).
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import assert_never

import attrs

from policyengine import checker_messages as M
from policyengine.builtins import ANY_COLLECTION, BUILTIN_NAMES, BUILTINS, RENAMED
from policyengine.codes import Message
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import PolicyCheckError
from policyengine.patterns import PATTERNS
from policyengine.schema import (
    BoolType,
    Collection,
    DateType,
    EnumType,
    FactType,
    Field,
    IntType,
    ListType,
    MapType,
    NullType,
    RecordType,
    RefType,
    Schema,
    SetType,
    StrType,
    Type,
    Variant,
)
from policyengine.source import Span
from policyengine.syntax import ast

# --------------------------------------------------------------------------- results


@attrs.frozen
class MembersType:
    """Bare enum member names not yet tied to an enum: ``{change, shutdown}``."""

    names: frozenset[str]

    def __str__(self) -> str:
        return "{" + ", ".join(sorted(self.names)) + "}"


AnyType = Type | MembersType


@attrs.frozen
class Param:
    name: str
    type: Type
    default: object
    optional: bool
    about: str | None
    source: str | None
    confidence: str | None
    cites: tuple[str, ...]


@attrs.frozen
class Article:
    label: str
    number: int
    chapter: str | None
    text: str | None
    status: str  # checkable | not_checkable | missing
    reason: str | None


@attrs.frozen
class Resolution:
    """What a Name refers to."""

    what: str  # var | let | param | builtin | member | kind
    value: str


@attrs.define(eq=False)
class CheckedPolicy:
    name: str
    title: str
    document: str | None
    effective: datetime.date | None
    schema: Schema
    params: dict[str, Param]
    articles: dict[int, Article]
    rules: list[ast.RuleDecl]
    types: dict[int, AnyType]
    resolutions: dict[int, Resolution]
    warnings: list[Diagnostic]
    source_name: str


_HELP_FUNCTIONS = ", ".join(f"`{f}`" for f in BUILTINS)
_PATTERNS = Text("、".join(f"`{p}`" for p in PATTERNS), ", ".join(f"`{p}`" for p in PATTERNS))
UNITS = ("days", "workdays", "months", "years", "count")

# --------------------------------------------------------------------------- helpers


def _nearest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(name: str, candidates: Iterable[str]) -> Text | None:
    near = _nearest(name, candidates)
    if near is None:
        return None
    return M.DID_YOU_MEAN(near=near)


def _base(t: AnyType) -> str:
    """The family a type belongs to for compatibility: units and enum names aside."""
    if isinstance(t, IntType):
        return "int"
    if isinstance(t, (EnumType, MembersType)):
        return "enum"
    if isinstance(t, (FactType, RefType)):
        return "fact"
    return type(t).__name__


class _Scope:
    """Variables visible at a point in a rule: the rule's fact, lets, aggregate vars."""

    def __init__(self, names: dict[str, tuple[str, AnyType]]) -> None:
        self.names = names

    def child(self, name: str, what: str, type_: AnyType) -> _Scope:
        return _Scope({**self.names, name: (what, type_)})


# --------------------------------------------------------------------------- checker


class _Checker:
    def __init__(self, module: ast.Module, source_name: str) -> None:
        self.module = module
        self.source_name = source_name
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.types: dict[int, AnyType] = {}
        self.resolutions: dict[int, Resolution] = {}
        self.enums: dict[str, EnumType] = {}
        self.records: dict[str, RecordType] = {}
        self.collections: dict[str, Collection] = {}
        self.params: dict[str, Param] = {}
        self.param_spans: dict[str, Span] = {}
        self.used_params: set[str] = set()
        self.articles: dict[int, Article] = {}

    # -- reporting

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

    # -- the whole module

    def run(self) -> CheckedPolicy:
        decls = self.module.decls
        policies = [d for d in decls if isinstance(d, ast.PolicyDecl)]
        if not policies:
            self.report(M.NO_POLICY, self.module.span)
        for extra in policies[1:]:
            self.report(M.SECOND_POLICY, extra.span, line=policies[0].span.line)
        self._declare_types(decls)
        schema = Schema(dict(self.collections), dict(self.enums), dict(self.records))
        self.schema = schema
        for d in decls:
            if isinstance(d, ast.ArticleDecl):
                self._article(d)
        for d in decls:
            if isinstance(d, ast.ParamDecl):
                self._param(d)
        rules: list[ast.RuleDecl] = []
        seen_rules: dict[str, Span] = {}
        for d in decls:
            if isinstance(d, ast.RuleDecl):
                if d.name in seen_rules:
                    self.report(M.RULE_TWICE, d.span, name=d.name)
                seen_rules[d.name] = d.span
                self._rule(d)
                rules.append(d)
        for name, span in self.param_spans.items():
            if name not in self.used_params:
                self.report(M.UNUSED_PARAM, span, name=name)
        if self.errors:
            raise PolicyCheckError(self.errors + self.warnings)
        p = policies[0]
        return CheckedPolicy(
            name=p.name, title=p.title, document=p.document, effective=p.effective,
            schema=schema, params=self.params, articles=dict(sorted(self.articles.items())),
            rules=rules, types=self.types, resolutions=self.resolutions,
            warnings=self.warnings, source_name=self.source_name,
        )  # fmt: skip

    # -- schema

    def _declare_types(self, decls: Sequence[ast.Decl]) -> None:
        # Enums and records first (records may use enums; facts use both).
        for d in decls:
            if isinstance(d, ast.EnumDecl):
                if d.name in self.enums:
                    self.report(M.ENUM_TWICE, d.span, name=d.name)
                self.enums[d.name] = EnumType(d.name, d.members, dict(d.labels), dict(d.labels_en))
        for d in decls:
            if isinstance(d, ast.RecordDecl):
                self.records[d.name] = RecordType(d.name, ())
        kinds = {d.subject for d in decls if isinstance(d, ast.FactsDecl)}
        kinds |= {v.name for d in decls if isinstance(d, ast.FactsDecl) for v in d.variants}
        self.kind_names = kinds
        for d in decls:
            if isinstance(d, ast.RecordDecl):
                self.records[d.name] = RecordType(d.name, self._fields(d.fields, d.name))
        for d in decls:
            if isinstance(d, ast.FactsDecl):
                self._facts(d)

    def _fields(self, decls: Sequence[ast.FieldDecl], owner: str) -> tuple[Field, ...]:
        fields: list[Field] = []
        seen: set[str] = set()
        for fd in decls:
            if fd.name in seen:
                self.report(M.FIELD_TWICE, fd.span, name=fd.name, owner=owner)
            seen.add(fd.name)
            type_ = self._type(fd.type, f"{owner}.{fd.name}")
            default = None
            if fd.default is not None:
                default = self._constant(fd.default, type_)
            fields.append(Field(fd.name, type_, fd.optional or fd.default is not None,
                                default, fd.doc, fd.label))  # fmt: skip
        return tuple(fields)

    def _type(self, t: ast.TypeExpr, owner: str) -> Type:
        if t.name == "str":
            return StrType()
        if t.name == "int":
            return IntType(None, t.minimum, t.maximum)
        if t.name in UNITS:
            return IntType(t.name)
        if t.name == "bool":
            return BoolType()
        if t.name == "date":
            return DateType()
        if t.name == "list":
            return ListType(self._type(t.args[0], owner))
        if t.name == "map":
            key = self._type(t.args[0], owner)
            if isinstance(key, (ListType, MapType, RecordType, SetType)):
                self.report(M.MAP_KEY_TYPE, t.args[0].span, key=key)
            return MapType(key, self._type(t.args[1], owner))
        if t.name == "enum":
            return EnumType(owner, t.members, dict(t.labels), dict(t.labels_en))
        if t.name == "record":
            return RecordType(owner, self._fields(t.fields, owner))
        if t.name == "ref":
            assert t.ref is not None
            if t.ref not in self.kind_names:
                near = _did_you_mean(t.ref, self.kind_names)
                self.report(M.UNKNOWN_KIND, t.span, help=near, name=t.ref)
            return RefType(t.ref)
        assert t.name == "named" and t.ref is not None
        if t.ref in self.enums:
            return self.enums[t.ref]
        if t.ref in self.records:
            return self.records[t.ref]
        types = [*self.enums, *self.records, "str", "int", "bool", "date", *UNITS]
        self.report(M.UNKNOWN_TYPE, t.span, help=_did_you_mean(t.ref, types), name=t.ref)
        return NullType()

    def _facts(self, d: ast.FactsDecl) -> None:
        if d.collection in self.collections:
            self.report(M.COLLECTION_TWICE, d.span, name=d.collection)
        common = list(self._fields(d.fields, d.subject))
        if not any(f.name == "id" for f in common):
            common.insert(0, Field("id", StrType()))
        variants: dict[str, Variant] = {}
        if d.tag is None:
            if d.variants:
                self.report(M.VARIANTS_UNTAGGED, d.variants[0].span)
            record = RecordType(d.subject, tuple(common))
            variants[d.subject] = Variant(d.subject, None, record, d.label)
        else:
            tags = tuple(v.name for v in d.variants)
            labels = {v.name: v.label for v in d.variants if v.label is not None}
            tag_field = Field(d.tag, EnumType(f"{d.subject}.{d.tag}", tags, labels))
            for v in d.variants:
                own = self._fields(v.fields, v.name)
                record = RecordType(v.name, (*common, tag_field, *own))
                variants[v.name] = Variant(v.name, v.name, record, v.label)
            # The subject itself names the common part (a `ref event`).
            variants.setdefault(d.subject, Variant(d.subject, None,
                                RecordType(d.subject, (*common, tag_field)), d.label))  # fmt: skip
        if d.dated is not None and not any(
            f.name == d.dated and isinstance(f.type, DateType) for f in common
        ):
            self.report(M.DATED_NOT_A_DATE_FIELD, d.span, field=d.dated, subject=d.subject)
        self.collections[d.collection] = Collection(
            d.collection, d.subject, d.tag, variants, d.dated
        )

    def _kind(self, name: str) -> tuple[Collection, Variant] | None:
        for coll in self.collections.values():
            if name in coll.variants:
                return coll, coll.variants[name]
        return None

    # -- constants (defaults of fields and parameters)

    def _constant(self, expr: ast.Expr, type_: Type) -> object:
        """Evaluate a literal default, checking it against the declared type."""
        if isinstance(expr, ast.Literal):
            value = expr.value
            ok = (
                value is None
                or (isinstance(type_, BoolType) and isinstance(value, bool))
                or (isinstance(type_, IntType) and isinstance(value, int)
                    and not isinstance(value, bool))
                or (isinstance(type_, StrType) and isinstance(value, str))
                or (isinstance(type_, DateType) and isinstance(value, datetime.date))
            )  # fmt: skip
            if ok:
                return value
        elif isinstance(expr, ast.Name) and isinstance(type_, EnumType):
            if expr.name in type_.members:
                return expr.name
            near = _did_you_mean(expr.name, type_.members)
            self.report(M.NOT_A_MEMBER, expr.span, help=near, name=expr.name, enum=type_)
            return None
        elif isinstance(expr, ast.SetLit) and isinstance(type_, ListType):
            return [self._constant(item, type_.element) for item in expr.items]
        elif isinstance(expr, ast.MapLit) and isinstance(type_, MapType):
            table: dict[object, object] = {}
            for k, v in expr.items:
                key = self._constant(k, type_.key)
                if isinstance(key, Hashable):
                    table[key] = self._constant(v, type_.value)
                else:  # a set where a key was due: `{{a}: 1}`
                    self.report(M.MAP_KEY_NOT_SINGLE, k.span)
            return table
        self.report(M.DEFAULT_MISFITS, expr.span, type=type_)
        return None

    # -- articles and parameters

    def _article(self, d: ast.ArticleDecl) -> None:
        if d.number in self.articles:
            self.report(M.ARTICLE_TWICE, d.span, article=d.label)
        if d.status != "missing" and not d.text:
            self.report(M.ARTICLE_WITHOUT_TEXT, d.span, article=d.label)
        self.articles[d.number] = Article(d.label, d.number, d.chapter, d.text, d.status, d.reason)

    def _cites(self, refs: Sequence[ast.ArticleRef], *, for_rule: bool) -> None:
        for ref in refs:
            article = self.articles.get(ref.number)
            if article is None:
                self.report(M.ARTICLE_UNDECLARED, ref.span, article=ref.label)
            elif for_rule and article.status == "missing":
                self.report(M.CITES_MISSING_ARTICLE, ref.span, article=ref.label)
            elif for_rule and article.status == "not_checkable":
                self.report(M.CITES_UNCHECKABLE_ARTICLE, ref.span, article=ref.label)

    def _param(self, d: ast.ParamDecl) -> None:
        if d.name in self.params:
            self.report(M.PARAM_TWICE, d.span, name=d.name)
        type_ = self._type(d.type, d.name)
        default = None if d.default is None else self._constant(d.default, type_)
        if d.default is None and not d.optional:
            self.report(M.PARAM_WITHOUT_DEFAULT, d.span, name=d.name)
        self._cites(d.cites, for_rule=False)
        self.params[d.name] = Param(
            d.name, type_, default, d.optional, d.about, d.source, d.confidence,
            tuple(r.label for r in d.cites),
        )  # fmt: skip
        self.param_spans[d.name] = d.span

    # -- rules

    def _rule(self, r: ast.RuleDecl) -> None:
        self._cites(r.cites, for_rule=True)
        found = self._kind(r.kind)
        var_type: AnyType = FactType(r.kind)
        if found is None:
            near = _did_you_mean(r.kind, self.kind_names)
            self.report(M.UNKNOWN_KIND, r.kind_span, help=near, name=r.kind)
            # Go on with a variable of unknown type (NullType fits everywhere), so that
            # the rule's other errors are reported and its parameters count as used.
            var_type = NullType()
        scope = _Scope({r.var: ("var", var_type)})
        if r.where is not None:
            self._expect_bool(r.where, scope, "where")
        if r.dated is not None:
            t = self.expr(r.dated, scope)
            if not isinstance(t, (DateType, NullType)):
                self.report(M.DATED_NOT_A_DATE, r.dated.span, type=t)
        for let in r.lets:
            t = self.expr(let.expr, scope)
            if let.name in scope.names:
                self.report(M.NAME_BOUND, let.span, name=let.name)
            scope = scope.child(let.name, "let", t)
        self._expect_bool(r.when, scope, "when")
        langs = [lang for lang, _ in r.messages]
        if "zh" not in langs:
            self.report(M.NO_CHINESE_MESSAGE, r.span, rule=r.name)
        self._remedies(r)
        for i, (lang, template) in enumerate(r.messages):
            if template.condition is not None:
                self._expect_bool(template.condition, scope, "if")
                if all(other != lang for other, _ in r.messages[i + 1 :]):
                    self.report(M.LAST_MESSAGE_CONDITIONAL, template.span, rule=r.name, lang=lang)
            for part in template.parts:
                if isinstance(part, ast.Placeholder):
                    self.expr(part.expr, scope)
        for item in r.evidence:
            self.expr(item.expr, scope)
        seen_readings: set[str] = set()
        for reading in r.readings:
            if reading.lang in seen_readings:
                self.report(M.READING_TWICE, reading.span, rule=r.name, lang=reading.lang)
            seen_readings.add(reading.lang)

    def _remedies(self, r: ast.RuleDecl) -> None:
        """At most one remedy per language, and an English one only beside a Chinese one
        (the Chinese text is what a report falls back to)."""
        seen: set[str] = set()
        for remedy in r.remedies:
            if remedy.lang in seen:
                self.report(M.REMEDY_TWICE, remedy.span, rule=r.name, lang=remedy.lang)
            seen.add(remedy.lang)
        if "en" in seen and "zh" not in seen:
            span = next(x.span for x in r.remedies if x.lang == "en")
            self.report(M.REMEDY_ONLY_ENGLISH, span, rule=r.name)

    def _expect_bool(self, expr: ast.Expr, scope: _Scope, clause: str) -> None:
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

    # -- expressions

    def expr(self, e: ast.Expr, scope: _Scope) -> AnyType:
        t = self._expr(e, scope)
        self.types[id(e)] = t
        return t

    def _expr(self, e: ast.Expr, scope: _Scope) -> AnyType:
        match e:
            case ast.Literal():
                return _literal(e.value)
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

    def _index(self, e: ast.Index, scope: _Scope) -> AnyType:
        obj = self.expr(e.obj, scope)
        key = self.expr(e.key, scope)
        if isinstance(obj, MapType):
            if not self._compatible(obj.key, key):
                self._mismatch(e.key, obj.key, key)
            return obj.value
        self.report(M.NOT_A_MAP, e.obj.span, type=obj)
        return NullType()

    def _unary(self, e: ast.Unary, scope: _Scope) -> AnyType:
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

    def _test(self, e: ast.Test, scope: _Scope) -> AnyType:
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

    def _matches(self, e: ast.Matches, scope: _Scope) -> AnyType:
        t = self.expr(e.operand, scope)
        if not isinstance(t, (StrType, NullType)):
            self._mismatch(e.operand, StrType(), t)
        if e.pattern not in PATTERNS:
            self.report(M.UNKNOWN_PATTERN, e.pattern_span, name=e.pattern, patterns=_PATTERNS)
        return BoolType()

    def _name(self, e: ast.Name, scope: _Scope) -> AnyType:
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
            for m in _enum_members(f.type)
        }
        members |= {m for p in self.params.values() for m in _enum_members(p.type)}
        if name in members:
            self.resolutions[id(e)] = Resolution("member", name)
            return MembersType(frozenset([name]))
        known = [*scope.names, *self.params, *BUILTIN_NAMES, *members, *self.kind_names]
        self.report(M.UNKNOWN_NAME, e.span, help=_did_you_mean(name, known), name=name)
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

    def _attr(self, e: ast.Attr, scope: _Scope) -> AnyType:
        obj = self.expr(e.obj, scope)
        record = self._record_of(obj)
        if record is None:
            if not isinstance(obj, NullType):
                self.report(M.NO_FIELDS, e.span, label=_quoted(obj), type=obj, name=e.name)
            return NullType()
        f = record.field(e.name)
        if f is None:
            near = _did_you_mean(e.name, [f.name for f in record.fields])
            self.report(M.NO_SUCH_FIELD, e.span, help=near, record=record.name, name=e.name)
            return NullType()
        return f.type

    def _call(self, e: ast.Call, scope: _Scope) -> AnyType:
        args = [self.expr(a, scope) for a in e.args]
        builtin = BUILTINS.get(e.func)
        if builtin is None:
            help_ = (
                RENAMED.get(e.func)
                or _did_you_mean(e.func, BUILTINS)
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

    def _aggregate(self, e: ast.Aggregate, scope: _Scope) -> AnyType:
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
            if isinstance(src, (ListType, SetType)):
                element = src.element
            elif isinstance(src, MembersType):
                element = src
            else:
                if not isinstance(src, NullType):
                    near = _did_you_mean(getattr(e.source, "name", ""), self.kind_names)
                    self.report(M.AGGREGATE_OVER_NON_COLLECTION, e.source.span, help=near, type=src)
                element = NullType()
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
            case _:
                assert_never(e.op)
        return t

    def _set(self, e: ast.SetLit, scope: _Scope) -> AnyType:
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

    def _binary(self, e: ast.Binary, scope: _Scope) -> AnyType:
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

    # -- compatibility

    def _compatible(self, a: AnyType, b: AnyType) -> bool:
        if isinstance(a, NullType) or isinstance(b, NullType):
            return True
        if isinstance(a, ListType) and isinstance(b, ListType) and isinstance(a.element, NullType):
            return True  # ``size`` accepts a list of anything
        if _base(a) != _base(b):
            return {_base(a), _base(b)} <= {"SetType", "ListType", "MembersType"}
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
                help_ = _did_you_mean(name, want.members) or M.MEMBERS(
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
        if {_base(a), _base(b)} == {"DateType", "int"}:
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


def _literal(value: object) -> AnyType:
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BoolType()
    if isinstance(value, int):
        return IntType()
    if isinstance(value, str):
        return StrType()
    return DateType()


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


def _enum_members(t: Type) -> Iterator[str]:
    if isinstance(t, EnumType):
        yield from t.members
    elif isinstance(t, (ListType, SetType)):
        yield from _enum_members(t.element)
    elif isinstance(t, MapType):
        yield from _enum_members(t.key)
        yield from _enum_members(t.value)
    elif isinstance(t, RecordType):
        for f in t.fields:
            yield from _enum_members(f.type)


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


def check(module: ast.Module, source_name: str = "<policy>") -> CheckedPolicy:
    """Check a parsed policy; raise :class:`PolicyCheckError` with every problem found."""
    return _Checker(module, source_name).run()
