"""The Flask application: pages, the JSON API and exports over one :class:`IndexState`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, render_template, request, stream_with_context
from werkzeug.exceptions import HTTPException

from index.errors import IndexProblem
from search import render
from search.constants import SORTS
from search.errors import ArticleNotFound, NameNotFound, QueryError
from search.render import FACET_TITLES
from search.names import fold
from web import export, params
from web.marks import marked, query_marker
from web.params import BadRequest, FACET_FILTER, SearchRequest
from web.state import EngineState, IndexState

#: Facets listed beside the results, in this order.
PAGE_FACETS = ("leaders", "people", "year", "source")
#: Hits per page of a person's articles; similar articles under an article.
PERSON_LIMIT = 20
SIMILAR_LIMIT = 5
#: Buckets of a timeline by year below which it is drawn by month.
FEW_YEARS = 3
#: Pages, styles and scripts come from this server only: an injected script cannot run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(index_dir: Path | str, engine: str | None = None) -> Flask:
    """The application serving the index at ``index_dir``, or the cluster index of the
    ``engine`` URL when one is given (opened now: a missing or damaged index, or a cluster
    that cannot be reached, raises :class:`index.errors.IndexProblem` before anything is
    served)."""
    app = Flask(__name__)
    state: IndexState | EngineState = EngineState(engine) if engine else IndexState(Path(index_dir))
    state.generation()
    app.extensions["gazette"] = state
    app.jinja_env.filters["marked"] = marked
    app.jinja_env.globals.update(link=params.link, FACET_FILTER=FACET_FILTER, FACET_TITLES=FACET_TITLES,
                                 SORTS=SORTS, active=_active)
    _routes(app, state)
    _errors(app)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        if "generation" in g:
            response.headers["X-Gazette-Generation"] = g.generation
        return response

    return app


def _generation(state: IndexState | EngineState):
    generation = state.generation()
    g.generation = generation.name
    return generation


def _active(filters: dict[str, Any], facet: str, value: Any) -> bool:
    """Whether a facet value is among the request's filters (in any spelling)."""
    option = params.FILTERS[FACET_FILTER[facet]]
    return fold(str(value)) in {fold(str(v)) for v in filters.get(option) or ()}


def _timeline(searcher, query: str, filters: dict[str, Any]):
    """Hits per year, or per month when they fall in a few years."""
    timeline = searcher.timeline(query, by="year", **filters)
    if timeline.total and len(timeline.buckets) <= FEW_YEARS:
        timeline = searcher.timeline(query, by="month", **filters)
    return timeline


def _json(data: Any, status: int = 200) -> Response:
    """``data`` as the CLI prints it (``render.to_json``, then a newline)."""
    return Response(render.to_json(data) + "\n", status=status, mimetype="application/json")


def _routes(app: Flask, state: IndexState | EngineState) -> None:
    @app.get("/")
    def search_page():
        state_pairs = params.pairs(request.args)
        context: dict[str, Any] = {"state": state_pairs, "req": SearchRequest(query=request.args.get("q", "")[:200])}
        try:
            req = context["req"] = params.parse(request.args, facets=PAGE_FACETS)
            with _generation(state).use() as searcher:
                context["results"] = searcher.search(req.query, **req.search_options())
                context["timeline"] = _timeline(searcher, req.query, req.filters)
        except (BadRequest, QueryError) as error:
            return render_template("search.html", error=_message(error), **context), 400
        return render_template("search.html", error=None, **context)

    @app.get("/article/<path:article_id>")
    def article_page(article_id: str):
        query = params.parse(request.args).query
        with _generation(state).use() as searcher:
            article = searcher.show(article_id)
            marks = query_marker(searcher, query)
            similar = searcher.similar(article.id, limit=SIMILAR_LIMIT)
        paragraphs = [(p, marks(p)) for p in article.body.split("\n") if p.strip()]
        return render_template("article.html", article=article, query=query, headline_spans=marks(article.headline),
                               paragraphs=paragraphs, similar=similar)

    @app.get("/person/<path:name>")
    def person_page(name: str):
        req = params.parse(request.args, limit=PERSON_LIMIT)
        with _generation(state).use() as searcher:
            try:
                person = searcher.table("people").resolve(name)
            except NameNotFound as error:
                return render_template("missing.html", message=error.message, suggestions=error.suggestions), 404
            filters = {"person": (person,)}
            results = searcher.search("", **{**req.search_options(), **filters, "facets": ("people",),
                                              "facet_limit": 11})
            timeline = _timeline(searcher, "", filters)
        together = [v for v in results.facets.get("people", ()) if v.value != person][:10]
        return render_template("person.html", person=person, results=results, timeline=timeline, together=together,
                               req=req, state=params.pairs(request.args))

    @app.get("/export.<fmt>")
    def export_search(fmt: str):
        if fmt not in export.FORMATS:
            abort(404)
        req = params.parse(request.args)
        pages = export.first_page(_generation(state), req)
        response = Response(stream_with_context(export.stream(fmt, pages)), mimetype=export.FORMATS[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="gazette-search.{fmt}"'
        return response

    @app.get("/api/search")
    def api_search():
        req = params.parse(request.args)
        with _generation(state).use() as searcher:
            return _json(searcher.search(req.query, **req.search_options()).to_dict())

    @app.get("/api/show/<path:article_id>")
    def api_show(article_id: str):
        with _generation(state).use() as searcher:
            return _json(searcher.show(article_id).to_dict())

    @app.get("/api/similar/<path:article_id>")
    def api_similar(article_id: str):
        req = params.parse(request.args)
        options = {k: v for k, v in req.search_options().items() if k not in ("sort", "match")}
        with _generation(state).use() as searcher:
            return _json(searcher.similar(article_id, **options).to_dict())

    @app.get("/api/timeline")
    def api_timeline():
        req = params.parse(request.args)
        by = request.args.get("by", "year")
        with _generation(state).use() as searcher:
            return _json(searcher.timeline(req.query, by=by, **req.filters).to_dict())


def _message(error: Exception) -> str:
    return error.text() if isinstance(error, QueryError) else str(error)


def _errors(app: Flask) -> None:
    """Errors as a page, or as ``{"error": ...}`` under /api: what was wrong and what to do."""

    def answer(status: int, message: str, **extra: Any):
        if request.path.startswith("/api/"):
            return _json({"error": message, **extra}, status)
        return render_template("missing.html", message=message, suggestions=[], status=status), status

    @app.errorhandler(BadRequest)
    def bad_request(error: BadRequest):
        return answer(400, error.message, parameter=error.parameter)

    @app.errorhandler(QueryError)
    def bad_query(error: QueryError):
        return answer(400, error.text(), parameter=_parameter(error.option))

    @app.errorhandler(ArticleNotFound)
    def no_article(error: ArticleNotFound):
        return answer(404, error.message)

    @app.errorhandler(IndexProblem)
    def index_problem(error: IndexProblem):
        return answer(503, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return answer(error.code or 500, error.description or error.name)


def _parameter(option: str | None) -> str | None:
    """The URL parameter of a CLI option (``--from`` -> ``from``)."""
    if option is None:
        return None
    name = option.lstrip("-").replace("-", "_")
    return "q" if name == "query" else name
