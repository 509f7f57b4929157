"""Typed errors for the platform's RFC 9457 problem JSON (``type``, ``title``, ``status``, ``detail``).

Every error the platform answers becomes a :class:`DojoError` subclass chosen by its status (and, for 429, by whether
an episode budget or a quota/rate limit is used up); the exception's message is the problem's ``detail``, written for
the person or agent that made the call.
"""

from typing import Any, Dict, Mapping, Optional

PROBLEM_TYPE_BASE = "https://mle-dojo.dev/problems/"


class DojoError(Exception):
    """An error answered by the platform (or the failure to reach it).

    Attributes:
        status: the HTTP status (0 when the platform could not be reached).
        type: the problem's type URI, e.g. ``https://mle-dojo.dev/problems/unknown-task``.
        title: a short summary, e.g. ``Not found``.
        detail: what went wrong and what to do, the exception's message.
        problem: the whole problem object, with extension members such as ``field`` or ``retryAfterSeconds``.
    """

    def __init__(self, status: int, type: str, title: str, detail: str,
                 problem: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(detail)
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.problem: Dict[str, Any] = dict(problem or {})

    @property
    def slug(self) -> str:
        """The problem's stable name, the last part of its type (``unknown-task``, ``episode-closed``...)."""
        return self.type.rsplit("/", 1)[-1] if self.type else ""

    @property
    def field(self) -> Optional[str]:
        """The request field at fault (``budget.max_steps``...), when the platform names one."""
        value = self.problem.get("field")
        return value if isinstance(value, str) else None

    def __repr__(self) -> str:
        return "%s(status=%d, type=%r, detail=%r)" % (type(self).__name__, self.status, self.type, self.detail)


class InvalidRequest(DojoError):
    """400: the request itself is wrong (a missing field, a bad value); :attr:`DojoError.field` names the field."""


class Unauthorized(DojoError):
    """401: no credentials, a wrong or revoked token, or the token of an episode that has ended."""


class Forbidden(DojoError):
    """403: the caller is known but may not do this (another user's episode, a missing role)."""


class NotFound(DojoError):
    """404: what the request names does not exist, or is not visible to the caller."""


class Conflict(DojoError):
    """409: the request clashes with the current state (a closed episode, a step still in progress)."""


class PayloadTooLarge(DojoError):
    """413: the request body is larger than the route accepts."""


class QuotaExceeded(DojoError):
    """429: a quota is used up (open episodes, episodes per day); :attr:`retry_after` says when it frees up."""

    @property
    def retry_after(self) -> Optional[float]:
        """Seconds until the quota frees up, when the platform can tell."""
        value = self.problem.get("retryAfterSeconds")
        return float(value) if isinstance(value, (int, float)) else None


class RateLimited(QuotaExceeded):
    """429: too many requests in a short time; wait :attr:`retry_after` seconds."""


class BudgetExhausted(DojoError):
    """429: an episode's budget (LLM tokens or cost) is used up."""


class ServerError(DojoError):
    """5xx: the platform failed; the detail quotes an error id to report."""


class UpstreamFailed(ServerError):
    """502: a service the platform relies on (an LLM provider, Kaggle) failed; the request was fine."""


class DojoConnectionError(DojoError):
    """The platform could not be reached (refused connection, DNS, timeout); :attr:`DojoError.status` is 0."""


_BY_STATUS = {400: InvalidRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict,
              413: PayloadTooLarge, 502: UpstreamFailed}


def error_from_problem(status: int, problem: Optional[Mapping[str, Any]], fallback_detail: str = "") -> DojoError:
    """The typed error for an HTTP status and its problem JSON (or, when the body was not JSON, its text)."""
    problem = dict(problem or {})
    type_ = str(problem.get("type") or (PROBLEM_TYPE_BASE + "http-%d" % status))
    title = str(problem.get("title") or "HTTP %d" % status)
    detail = str(problem.get("detail") or fallback_detail or title)
    slug = type_.rsplit("/", 1)[-1]
    cls = _BY_STATUS.get(status)
    if status == 429:
        if "budget" in slug or title.lower().startswith("budget"):
            cls = BudgetExhausted
        elif slug in ("rate-limited", "too-many-sign-ins"):
            cls = RateLimited
        else:
            cls = QuotaExceeded
    elif cls is None:
        cls = ServerError if status >= 500 else DojoError
    return cls(status, type_, title, detail, problem)
