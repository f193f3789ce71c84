"""Names and types: the AST checked against the policy's own declarations.

Takes a parsed :class:`~policyengine.syntax.ast.Module`; gives a
:class:`CheckedPolicy`: the fact :class:`~policyengine.schema.Schema` built from the
``enum``/``record``/``facts`` declarations, the parameters and articles, and for every
expression of every rule its type and for every name what it refers to; or raises
:class:`~policyengine.errors.PolicyCheckError` with every problem found (E2xx, E3xx),
not only the first. Expressions are typed in :mod:`policyengine.checker_exprs`. It
never evaluates anything, and words no message itself: each is a variant in
:mod:`policyengine.checker_messages`.
# INVARIANT: the compiler may assume every Name in a checked rule has an entry in
# ``resolutions`` and every expression an entry in ``types`` (keyed by ``id(node)``;
# the AST lives as long as the CheckedPolicy, so the ids are stable).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Sequence

import attrs

from policyengine import checker_messages as M
from policyengine import definitions
from policyengine.builtins import BUILTINS
from policyengine.checker_exprs import Expressions
from policyengine.checker_types import AnyType, Resolution, Scope, did_you_mean
from policyengine.diagnostics import Diagnostic
from policyengine.errors import PolicyCheckError
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
from policyengine.syntax.errors import bidi_warnings

# --------------------------------------------------------------------------- results


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


UNITS = ("days", "workdays", "months", "years", "count")

# --------------------------------------------------------------------------- checker


class _Checker(Expressions):
    """The declarations first (the schema, articles, parameters), then each rule, its
    expressions typed by :class:`~policyengine.checker_exprs.Expressions`."""

    def __init__(self, module: ast.Module, source_name: str) -> None:
        self.module = module
        self.source_name = source_name
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = bidi_warnings(module.span.source)
        self.types: dict[int, AnyType] = {}
        self.resolutions: dict[int, Resolution] = {}
        self.enums: dict[str, EnumType] = {}
        self.records: dict[str, RecordType] = {}
        self.collections: dict[str, Collection] = {}
        self.params: dict[str, Param] = {}
        self.param_spans: dict[str, Span] = {}
        self.used_params: set[str] = set()
        self.articles: dict[int, Article] = {}
        # `define`s, their bodies with the earlier ones put in place; the roots of their
        # expansions in rules, by id, with the root itself (held, so that its id is not
        # given to another node once a copy replaces it: a define's body is expanded,
        # then copied), the call, the definition and the argument
        self.defines: dict[str, ast.DefineDecl] = {}
        self.broken_defines: set[str] = set()
        self.uses: dict[int, tuple[ast.Expr, ast.Call, ast.DefineDecl, ast.Expr]] = {}

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
        for d in decls:
            if isinstance(d, ast.DefineDecl):
                self._define(d)
        rules: list[ast.RuleDecl] = []
        seen_rules: dict[str, Span] = {}
        for d in decls:
            if isinstance(d, ast.RuleDecl):
                if d.name in seen_rules:
                    self.report(M.RULE_TWICE, d.span, name=d.name)
                seen_rules[d.name] = d.span
                rules.append(self._rule(d))
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
                near = did_you_mean(t.ref, self.kind_names)
                self.report(M.UNKNOWN_KIND, t.span, help=near, name=t.ref)
            return RefType(t.ref)
        assert t.name == "named" and t.ref is not None
        if t.ref in self.enums:
            return self.enums[t.ref]
        if t.ref in self.records:
            return self.records[t.ref]
        types = [*self.enums, *self.records, "str", "int", "bool", "date", *UNITS]
        self.report(M.UNKNOWN_TYPE, t.span, help=did_you_mean(t.ref, types), name=t.ref)
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
            near = did_you_mean(expr.name, type_.members)
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

    # -- definitions

    def _define(self, d: ast.DefineDecl) -> None:
        """Check a definition's body once, for a fact of its kind; a rule then gets a
        copy of it for each use (:mod:`policyengine.definitions`)."""
        if d.name in self.defines or d.name in self.broken_defines or d.name in BUILTINS:
            self.report(M.DEFINE_TWICE, d.span, name=d.name)
            return
        if self._kind(d.kind) is None:
            near = did_you_mean(d.kind, self.kind_names)
            self.report(M.UNKNOWN_KIND, d.kind_span, help=near, name=d.kind)
            self.broken_defines.add(d.name)
            return
        errors = len(self.errors)
        # renamed first, then the definitions it uses put in place: the uses recorded
        # are then nodes of the body kept, and each argument reads the renamed variables
        define = definitions.hygienic(d)
        define = attrs.evolve(define, body=definitions.expand(define.body, self.defines, self._use))
        self.expr(define.body, Scope({d.param: ("var", FactType(d.kind))}))
        if len(self.errors) > errors:
            self.broken_defines.add(d.name)
        else:
            self.defines[d.name] = define

    def _use(self, call: ast.Call, define: ast.DefineDecl, arg: ast.Expr, root: ast.Expr) -> None:
        self.uses[id(root)] = (root, call, define, arg)

    def expr(self, e: ast.Expr, scope: Scope) -> AnyType:
        """Types ``e``; at the root of a definition's use, first its argument against
        the definition's kind (the body was checked where it is defined, so only the
        argument can be wrong here, and is reported at the rule)."""
        use = self.uses.get(id(e))
        if use is None or use[0] is not e:
            return super().expr(e, scope)
        _, call, define, arg = use
        got = super().expr(arg, scope)
        want = FactType(define.kind)
        if self._compatible(want, got):
            return super().expr(e, scope)
        self._mismatch(call.args[0], want, got)
        reported, self.errors = self.errors, []
        try:
            return super().expr(e, scope)  # typed for the invariant; its errors are the arg's
        finally:
            self.errors = reported

    def _call(self, e: ast.Call, scope: Scope) -> AnyType:
        if e.func in self.broken_defines:  # reported where it is defined
            return NullType()
        if e.func not in self.defines:
            return super()._call(e, scope)
        for arg in e.args:  # not one argument: the call was left in place
            self.expr(arg, scope)
        self.report(M.ARGUMENT_COUNT, e.span, name=e.func, want=1, got=len(e.args))
        return NullType()

    # -- rules

    def _rule(self, r: ast.RuleDecl) -> ast.RuleDecl:
        """Check a rule; gives it with the definitions it uses put in place, which is
        what the compiler compiles."""
        used: list[tuple[ast.Call, ast.DefineDecl]] = []

        def use(call: ast.Call, define: ast.DefineDecl, arg: ast.Expr, root: ast.Expr) -> None:
            used.append((call, define))
            self._use(call, define, arg, root)

        r = definitions.expand_rule(r, self.defines, use)
        bound = definitions.rule_bound_names(r)
        for call, define in used:
            for name in sorted(definitions.free_names(define.body) & bound - {define.param}):
                self.report(M.DEFINE_SHADOWED, call.span, name=name, define=define.name)
        self._check_rule(r)
        return r

    def _check_rule(self, r: ast.RuleDecl) -> None:
        self._cites(r.cites, for_rule=True)
        found = self._kind(r.kind)
        var_type: AnyType = FactType(r.kind)
        if found is None:
            near = did_you_mean(r.kind, self.kind_names)
            self.report(M.UNKNOWN_KIND, r.kind_span, help=near, name=r.kind)
            # Go on with a variable of unknown type (NullType fits everywhere), so that
            # the rule's other errors are reported and its parameters count as used.
            var_type = NullType()
        scope = Scope({r.var: ("var", var_type)})
        # the act date is the fact's: worked out before the fact's items are taken
        if r.dated is not None:
            t = self.expr(r.dated, scope)
            if not isinstance(t, (DateType, NullType)):
                self.report(M.DATED_NOT_A_DATE, r.dated.span, type=t)
        if r.each is not None:
            scope = self._each(r.each, scope)
        if r.where is not None:
            self._expect_bool(r.where, scope, "where")
        for let in r.lets:
            t = self.expr(let.expr, scope)
            if let.name in scope.names:
                self.report(M.NAME_BOUND, let.span, name=let.name)
            scope = scope.child(let.name, "let", t)
        self._expect_bool(r.when, scope, "when")
        langs = [lang for lang, _ in r.messages]
        if "zh" not in langs:
            self.report(M.NO_CHINESE_MESSAGE, r.span, rule=r.name)
        self._remedies(r, scope)
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

    def _each(self, each: ast.Each, scope: Scope) -> Scope:
        """``for a in account, m in SOURCE``: ``m`` is bound to an item of ``SOURCE``, a
        list or set read from the fact."""
        src = self.expr(each.source, scope)
        element = self.element_of(src)
        if element is None:
            self.report(M.EACH_OVER_NON_COLLECTION, each.source.span, type=src)
        if each.var in scope.names:
            self.report(M.NAME_BOUND, each.span, name=each.var)
        return scope.child(each.var, "var", NullType() if element is None else element)

    def _remedies(self, r: ast.RuleDecl, scope: Scope) -> None:
        """Per language, conditional remedies (`if`) and then one without a condition,
        last, for the findings no condition chose; an English one only beside a Chinese
        one (the Chinese text is what a report falls back to)."""
        seen: set[str] = set()  # the languages whose remedy without `if` has been read
        for i, remedy in enumerate(r.remedies):
            if remedy.lang in seen:
                self.report(M.REMEDY_TWICE, remedy.span, rule=r.name, lang=remedy.lang)
            if remedy.condition is None:
                seen.add(remedy.lang)
                continue
            self._expect_bool(remedy.condition, scope, "if")
            if all(other.lang != remedy.lang for other in r.remedies[i + 1 :]):
                self.report(M.LAST_REMEDY_CONDITIONAL, remedy.span, rule=r.name, lang=remedy.lang)
        langs = {x.lang for x in r.remedies}
        if "en" in langs and "zh" not in langs:
            span = next(x.span for x in r.remedies if x.lang == "en")
            self.report(M.REMEDY_ONLY_ENGLISH, span, rule=r.name)


def check(module: ast.Module, source_name: str = "<policy>") -> CheckedPolicy:
    """Check a parsed policy; raise :class:`PolicyCheckError` with every problem found."""
    return _Checker(module, source_name).run()
