"""The platform's REST API (``/api/v1``) over HTTP with a personal API token (``mld_...``) or an episode token."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterator, List, Mapping, Optional, TYPE_CHECKING

from .errors import DojoConnectionError, DojoError, error_from_problem

if TYPE_CHECKING:  # pragma: no cover
    from .env import Env

JsonObject = Dict[str, Any]

#: The user agent the client sends, so that operators can tell its calls apart.
USER_AGENT = "mledojo-client/0.1.0 (python)"


class Client:
    """A connection to an MLE-Dojo platform.

    Args:
        base_url: the platform's address, e.g. ``http://localhost:8080`` (a trailing slash is ignored).
        token: a personal API token (``mld_...``, created on the platform's *API tokens* page or with
            ``POST /api/v1/me/tokens``), or an episode token (``mle_ep_...``) that an external agent receives; sent
            as ``Authorization: Bearer <token>``. ``None`` for public reads only.
        timeout: seconds to wait for one response (a code step runs the agent's program: allow for it).

    The API is grouped like the platform's: :attr:`tasks`, :attr:`agents`, :attr:`submissions`, :attr:`episodes`,
    :attr:`datasets`.
    Errors become :class:`~mledojo_client.errors.DojoError` subclasses whose message is the problem's detail.
    """

    def __init__(self, base_url: str, token: Optional[str] = None, *, timeout: float = 900.0) -> None:
        if not base_url or not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://, got %r" % (base_url,))
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.tasks = Tasks(self)
        self.agents = Agents(self)
        self.submissions = Submissions(self)
        self.episodes = Episodes(self)
        self.datasets = Datasets(self)

    def __repr__(self) -> str:
        return "Client(%r, token=%s)" % (self.base_url, "<set>" if self.token else None)

    def request(self, method: str, path: str, body: Any = None, *, query: Optional[Mapping[str, Any]] = None,
                headers: Optional[Mapping[str, str]] = None) -> Any:
        """Calls the API and returns the decoded JSON answer (``None`` for an empty one).

        Raises:
            DojoError: a subclass for the problem the platform answered, or :class:`DojoConnectionError`.
        """
        raw = self.request_bytes(method, path, body, query=query, headers=headers)
        return json.loads(raw.decode("utf-8")) if raw else None

    def request_bytes(self, method: str, path: str, body: Any = None, *, query: Optional[Mapping[str, Any]] = None,
                      headers: Optional[Mapping[str, str]] = None) -> bytes:
        """Calls the API and returns the raw answer (for downloads); errors as in :meth:`request`."""
        with self.open(method, path, body, query=query, headers=headers) as response:
            return response.read()

    def open(self, method: str, path: str, body: Any = None, *, query: Optional[Mapping[str, Any]] = None,
             headers: Optional[Mapping[str, str]] = None) -> Any:
        """Calls the API and returns the open response (a file-like object to read as it streams, and to close);
        errors as in :meth:`request`."""
        url = self.base_url + path
        if query:
            pairs = [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in query.items() if v is not None]
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        data = None
        all_headers = {"Accept": "application/json, application/problem+json, */*", "User-Agent": USER_AGENT}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        if self.token:
            all_headers["Authorization"] = "Bearer " + self.token
        all_headers.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            return urllib.request.urlopen(req, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise _problem(e) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise DojoConnectionError(0, "", "Connection failed",
                                      "Cannot reach %s: %s" % (self.base_url, reason)) from e

    def env(self, task: Optional[str] = None, **kwargs: Any) -> "Env":
        """A Gym-style :class:`~mledojo_client.env.Env` on this platform (see its arguments)."""
        from .env import Env
        return Env(self, task=task, **kwargs)


def _problem(e: "urllib.error.HTTPError") -> DojoError:
    try:
        text = e.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    problem: Optional[JsonObject] = None
    try:
        parsed = json.loads(text) if text else None
        if isinstance(parsed, dict):
            problem = parsed
    except ValueError:
        pass
    return error_from_problem(e.code, problem, text.strip()[:500] or str(e.reason))


def _path(segment: Any) -> str:
    return urllib.parse.quote(str(segment), safe="")


class Tasks:
    """The task catalogue (public): ``GET /api/v1/tasks`` and ``GET /api/v1/tasks/{id}``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self, *, domain: Optional[str] = None, tag: Optional[str] = None, status: Optional[str] = None,
             q: Optional[str] = None, page_size: int = 50) -> Iterator[JsonObject]:
        """Every task matching the filters (following the pages), as summaries with ``id``, ``title``, ``domain``..."""
        cursor: Optional[str] = None
        while True:
            page = self._client.request("GET", "/api/v1/tasks", query={
                "domain": domain, "tag": tag, "status": status, "q": q, "cursor": cursor, "limit": page_size})
            for item in page.get("items", []):
                yield item
            cursor = page.get("nextCursor")
            if not cursor:
                return

    def get(self, task_id: str) -> JsonObject:
        """One task's current version: description, metric, files, boards. Raises NotFound for an unknown task."""
        return self._client.request("GET", "/api/v1/tasks/" + _path(task_id))


class Agents:
    """The caller's agents: ``/api/v1/agents``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self) -> List[JsonObject]:
        """My agents with their versions."""
        return self._client.request("GET", "/api/v1/agents")

    def get(self, name: str) -> JsonObject:
        """One of my agents."""
        return self._client.request("GET", "/api/v1/agents/" + _path(name))

    def create(self, name: str, kind: str, config: Mapping[str, Any], *, visibility: Optional[str] = None,
               description: Optional[str] = None) -> JsonObject:
        """Registers an agent (version 1).

        Args:
            kind: ``baseline``, ``scaffold`` or ``external``.
            config: e.g. ``{"baseline": "sklearn"}``; ``{"provider": ..., "model": ..., "scaffold": "linear"}``;
                ``{"command": ["/usr/bin/python3", "/agents/my_agent.py"]}`` (external agents need an admin's
                permission).
        """
        body: JsonObject = {"name": name, "kind": kind, "config": dict(config)}
        if visibility is not None:
            body["visibility"] = visibility
        if description is not None:
            body["description"] = description
        return self._client.request("POST", "/api/v1/agents", body)

    def add_version(self, name: str, config: Mapping[str, Any]) -> JsonObject:
        """Adds a version (a new config) to one of my agents."""
        return self._client.request("POST", "/api/v1/agents/%s/versions" % _path(name), dict(config))


class Submissions:
    """Running an agent on a task suite: ``/api/v1/submissions``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, agent: str, *, tasks: Optional[List[str]] = None, tag: Optional[str] = None,
               domain: Optional[str] = None, all_tasks: bool = False, version: Optional[int] = None,
               seeds: Optional[int] = None, max_steps: Optional[int] = None, wall_time_s: Optional[int] = None,
               max_tokens: Optional[int] = None, max_cost: Optional[float] = None,
               idempotency_key: Optional[str] = None) -> JsonObject:
        """Submits an agent: one queued episode per (task, seed). Name the suite by ``tasks``, ``tag``, ``domain`` or
        ``all_tasks``. The same ``idempotency_key`` returns the same submission (safe retries)."""
        suite: JsonObject = {}
        if tasks is not None:
            suite["tasks"] = list(tasks)
        if tag is not None:
            suite["tag"] = tag
        if domain is not None:
            suite["domain"] = domain
        if all_tasks:
            suite["all"] = True
        body: JsonObject = {"agent": agent, "suite": suite}
        if version is not None:
            body["version"] = version
        if seeds is not None:
            body["seeds"] = seeds
        budget = {k: v for k, v in (("max_steps", max_steps), ("wall_time_s", wall_time_s),
                                    ("max_tokens", max_tokens), ("max_cost", max_cost)) if v is not None}
        if budget:
            body["budget"] = budget
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return self._client.request("POST", "/api/v1/submissions", body, headers=headers)

    def get(self, submission_id: int) -> JsonObject:
        """A submission's progress: state, counts, ``progress`` (0..1) and its episodes with their results."""
        return self._client.request("GET", "/api/v1/submissions/%d" % int(submission_id))

    def cancel(self, submission_id: int) -> JsonObject:
        """Cancels a submission: queued episodes never start, running ones stop at their next step."""
        return self._client.request("DELETE", "/api/v1/submissions/%d" % int(submission_id))

    def follow(self, submission_id: int, *, poll_seconds: float = 2.0,
               timeout: Optional[float] = None) -> Iterator[JsonObject]:
        """Yields the submission each time its progress changes (state, counts, an episode's state or queue
        position), the first time at once, and returns after yielding it with every episode closed (``progress``
        1.0).

        Raises:
            TimeoutError: when ``timeout`` seconds pass first.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        last: Optional[str] = None
        while True:
            view = self.get(submission_id)
            key = json.dumps([view.get("state"), view.get("counts"), view.get("progress"),
                              [(e.get("state"), e.get("position")) for e in view.get("episodes", [])]], sort_keys=True)
            if key != last:
                last = key
                yield view
            if float(view.get("progress", 0.0)) >= 1.0:
                return
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError("submission %s is %.0f%% done after %.0f s" % (
                    submission_id, 100 * float(view.get("progress", 0.0)), timeout))
            time.sleep(poll_seconds)

    def results(self, submission_id: int) -> List[JsonObject]:
        """The submission's episodes (``id``, ``task``, ``seed``, ``state``, ``endReason``, ``result``), in order;
        ``result`` (HumanRank, medal, scores...) is set once an episode has finished."""
        return list(self.get(submission_id).get("episodes", []))


class Episodes:
    """The Gym environment over HTTP: ``/api/v1/episodes``. :class:`~mledojo_client.env.Env` wraps it."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, task: str, *, seed: Optional[int] = None, max_steps: Optional[int] = None,
               wall_time_s: Optional[int] = None, score_mode: Optional[str] = None) -> JsonObject:
        """Creates an interactive episode; returns ``{id, task, version, observation}``.

        Args:
            score_mode: ``humanrank`` (the default: rewards are HumanRank on the feedback part) or ``raw``.
        """
        body: JsonObject = {"task": task}
        if seed is not None:
            body["seed"] = seed
        budget = {k: v for k, v in (("max_steps", max_steps), ("wall_time_s", wall_time_s)) if v is not None}
        if budget:
            body["budget"] = budget
        if score_mode is not None:
            body["score_mode"] = score_mode
        return self._client.request("POST", "/api/v1/episodes", body)

    def get(self, episode_id: str) -> JsonObject:
        """An episode's state, budget, best score and, once closed, its ``result``."""
        return self._client.request("GET", "/api/v1/episodes/" + _path(episode_id))

    def step(self, episode_id: str, action: str, params: Optional[Mapping[str, Any]] = None) -> JsonObject:
        """Takes one step; returns ``{observation, reward, done, info}`` (mistakes come back as error observations)."""
        return self._client.request("POST", "/api/v1/episodes/%s/step" % _path(episode_id),
                                    {"action": action, "params": dict(params or {})})

    def history(self, episode_id: str) -> JsonObject:
        """The environment history: ``{id, task, steps: [{step, action, params, status, reward, feedback...}]}``."""
        return self._client.request("GET", "/api/v1/episodes/%s/history" % _path(episode_id))

    def close(self, episode_id: str) -> JsonObject:
        """Closes the episode (idempotent) and returns its view with the final ``result`` (scored on the final
        part of the answers)."""
        return self._client.request("DELETE", "/api/v1/episodes/" + _path(episode_id))

    def export_env_history(self, episode_id: str) -> JsonObject:
        """MLE-Dojo's ``env_history.json`` of the episode."""
        return self._client.request("GET", "/api/v1/episodes/%s/export/env_history.json" % _path(episode_id))

    def export_agent_trajectory(self, episode_id: str) -> List[Dict[str, str]]:
        """MLE-Dojo's ``agent_trajectory.json``: the conversation as ``{role, content}`` messages."""
        return self._client.request("GET", "/api/v1/episodes/%s/export/agent_trajectory.json" % _path(episode_id))


class Datasets:
    """Training datasets of finished episodes: ``/api/v1/datasets`` (formats and fields: the platform's
    ``src/docs/datasets.md``).

    Select the episodes of every agent you may see (no selector), of one agent (``agent`` and ``owner``, optionally
    ``version``) or of one submission (``submission``), and filter them with ``task``, ``domain``, ``split``,
    ``valid``, ``min_human_rank``, ``ended_from``/``ended_to`` (ISO date or date-time of the episode's end) and
    ``limit``. Visibility is the leaderboards': public agents for everyone, private ones for their owner and admins.
    """

    #: The export formats: one line per episode (SFT), one line per step (RL), MLE-Dojo's files per episode.
    FORMATS = ("sft.jsonl", "rl.jsonl", "trajectories.zip")

    def __init__(self, client: Client) -> None:
        self._client = client

    def count(self, **selection: Any) -> JsonObject:
        """How many episodes and steps the selection holds: ``{episodes, steps, asOf, downloads}``."""
        path, query = self._where("count", selection)
        return self._client.request("GET", path, query=query)

    def lines(self, fmt: str = "rl.jsonl", **selection: Any) -> Iterator[JsonObject]:
        """The lines of a JSONL export (``sft.jsonl`` or ``rl.jsonl``), parsed one by one as they stream in."""
        if fmt not in ("sft.jsonl", "rl.jsonl"):
            raise ValueError("lines() reads sft.jsonl or rl.jsonl, not %r (download() saves any format)" % (fmt,))
        path, query = self._where(fmt, selection)
        with self._client.open("GET", path, query=query, headers={"Accept": "*/*"}) as response:
            for raw in response:
                if raw.strip():
                    yield json.loads(raw.decode("utf-8"))

    def download(self, fmt: str, file: str, **selection: Any) -> JsonObject:
        """Saves an export to ``file`` as it streams (any format; ``gzip=True`` saves a ``.gz`` of a JSONL one) and
        returns the totals the platform announced, ``{episodes, steps, asOf}`` (a download cut short holds fewer)."""
        path, query = self._where(fmt, selection)
        with self._client.open("GET", path, query=query, headers={"Accept": "*/*"}) as response, \
                open(file, "wb") as out:
            while True:
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                out.write(chunk)
            return {"episodes": int(response.headers.get("X-Total-Episodes", "0")),
                    "steps": int(response.headers.get("X-Total-Steps", "0")),
                    "asOf": response.headers.get("X-Dataset-As-Of")}

    @staticmethod
    def _where(last: str, selection: Mapping[str, Any]) -> "tuple[str, Dict[str, Any]]":
        options = dict(selection)
        agent, owner = options.pop("agent", None), options.pop("owner", None)
        submission = options.pop("submission", None)
        if agent is not None and submission is not None:
            raise ValueError("select by agent or by submission, not both")
        if agent is not None:
            if owner is None:
                raise ValueError("an agent is named with its owner: owner=...")
            base = "/api/v1/datasets/agents/%s/%s/" % (_path(owner), _path(agent))
        elif submission is not None:
            base = "/api/v1/datasets/submissions/%d/" % int(submission)
        else:
            base = "/api/v1/datasets/"
        names = {"ended_from": "from", "ended_to": "to"}
        known = {"version", "task", "domain", "split", "valid", "min_human_rank", "ended_from", "ended_to", "limit",
                 "gzip"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError("unknown dataset options: %s (known: %s)" % (", ".join(unknown), ", ".join(sorted(known))))
        return base + last, {names.get(k, k): v for k, v in options.items() if v is not None}

