"""A Gym-style environment over the platform's episode API, with the Gymnasium step signature.

``reset()`` creates an episode (``POST /api/v1/episodes``), ``step(action)`` takes one
(``POST /api/v1/episodes/{id}/step``) and returns ``(observation, reward, terminated, truncated, info)``, ``close()``
closes it and returns the final result. Observations are the platform's own observation objects (plain dicts):
``action``, ``status``, ``feedback`` (the text an agent reads), ``result``, ``error``, ``scores``, ``stepCount``,
``remaining``, ``done``, ``doneReason``.
"""

from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple, Union

from .client import Client, JsonObject
from .errors import Unauthorized

#: The platform's Gym actions and the params each takes (see ``dev.mledojo.gym.action``).
ACTIONS: Dict[str, Tuple[str, ...]] = {
    "request_info": ("info_type",),
    "validate_code": ("code",),
    "execute_code": ("code",),
    "get_history": (),
    "reset": (),
}

#: What ``request_info`` can read.
INFO_TYPES = ("overview", "sample_submission", "data_structure", "data_path", "output_path", "name", "metadata", "all")


class StepResult(NamedTuple):
    """Gymnasium's step tuple: ``observation, reward, terminated, truncated, info = env.step(action)``."""

    observation: JsonObject
    reward: float
    terminated: bool
    truncated: bool
    info: JsonObject


def is_budget_end(observation: Mapping[str, Any]) -> bool:
    """Whether a done observation ended the episode because a budget (steps, wall time, tokens, cost) ran out.

    The platform says so in ``doneReason`` (``step budget exhausted (2 steps)``...) and, when the step came after the
    end, in the ``budget_exhausted`` error kind.
    """
    reason = str(observation.get("doneReason") or "")
    error = observation.get("error") or {}
    return "budget exhausted" in reason or (isinstance(error, dict) and error.get("kind") == "budget_exhausted")


class Env:
    """One MLE-Dojo task as a Gym-style environment.

    Two ways to use it:

    * with a personal API token, ``Env(client, task="practice-tabular-binary")``: every :meth:`reset` creates a new
      episode (closing the previous one), :meth:`close` closes it and returns the result;
    * bound to a running episode, ``Env(client, episode_id=...)``, e.g. with the episode token an external agent gets
      (see :mod:`mledojo_client.agent`): :meth:`reset` reads where the episode stands and never creates one, and
      :meth:`close` returns the result once the platform has closed the episode (an episode token may step its
      episode, not close it).

    Args:
        client: the connection; its token is an ``mld_...`` or, for a bound env, possibly a ``mle_ep_...`` token.
        task: the task for :meth:`reset` (or pass ``options={"task": ...}`` there).
        episode_id: bind to this existing episode instead of creating episodes.
        max_steps, wall_time_s: the budget of created episodes (platform defaults when None).
        score_mode: ``humanrank`` (default: rewards are the HumanRank of the feedback-part score) or ``raw``.
    """

    def __init__(self, client: Client, task: Optional[str] = None, *, episode_id: Optional[str] = None,
                 max_steps: Optional[int] = None, wall_time_s: Optional[int] = None,
                 score_mode: Optional[str] = None) -> None:
        self.client = client
        self.task = task
        self.max_steps = max_steps
        self.wall_time_s = wall_time_s
        self.score_mode = score_mode
        self.bound = episode_id is not None
        self.episode_id: Optional[str] = episode_id
        self.done = False
        self.last_result: Optional[JsonObject] = None  # the result the last (ending) step reported

    @classmethod
    def connect(cls, base_url: str, token: str, task: Optional[str] = None, **kwargs: Any) -> "Env":
        """``Env(Client(base_url, token), task, **kwargs)``."""
        return cls(Client(base_url, token), task, **kwargs)

    def __enter__(self) -> "Env":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.episode_id is not None and not self.bound:
            self.close()

    # ---- the Gym API -------------------------------------------------------------------------------------------------

    def reset(self, seed: Optional[int] = None,
              options: Optional[Mapping[str, Any]] = None) -> Tuple[JsonObject, JsonObject]:
        """Starts an episode and returns ``(observation, info)``.

        Creates a new episode (closing this env's previous one first) on ``options["task"]`` or the constructor's
        task, with ``seed`` (the task's data split and the platform's seed) and the budget from ``options``
        (``max_steps``, ``wall_time_s``, ``score_mode``) or the constructor. A bound env creates nothing: it returns
        where its episode stands (``action`` ``"start"`` with a summary as feedback). ``info`` holds ``episode_id``,
        ``task`` and ``version``.
        """
        options = dict(options or {})
        if self.bound:
            view = self.client.episodes.get(self._id())
            self.done = view.get("state") != "running"
            return _standing(view), {"episode_id": view["id"], "task": view.get("task"), "version": view.get("version"),
                                     "episode": view}
        task = options.get("task", self.task)
        if not task:
            raise ValueError("name the task: Env(client, task=...) or env.reset(options={'task': ...})")
        if self.episode_id is not None and not self.done:
            self.close()
        created = self.client.episodes.create(
            task, seed=seed, max_steps=options.get("max_steps", self.max_steps),
            wall_time_s=options.get("wall_time_s", self.wall_time_s),
            score_mode=options.get("score_mode", self.score_mode))
        self.task = task
        self.episode_id = created["id"]
        self.done = False
        self.last_result = None
        return created["observation"], {"episode_id": created["id"], "task": created.get("task"),
                                        "version": created.get("version")}

    def step(self, action: Union[Mapping[str, Any], str], params: Optional[Mapping[str, Any]] = None) -> StepResult:
        """Takes one step: ``action`` is ``{"action": "execute_code", "params": {"code": ...}}`` (or the action's
        name with ``params``). Returns ``(observation, reward, terminated, truncated, info)``:

        * ``reward``: the platform's reward for the step (the feedback-part HumanRank of an ``execute_code``
          submission in ``humanrank`` mode), 0.0 when the step has none (``info["reward"]`` keeps the platform's
          ``None``);
        * ``truncated``: a budget (steps, wall time) ended the episode; ``terminated``: it ended for another reason;
        * ``info``: the platform's step info (``step``, ``action``, ``durationMs``, ``state`` and, when the step ended
          the episode, ``result``) plus ``episode_id`` and ``reward``.

        A wrong action or params comes back as an error observation (``status`` ``error``), never an exception; the
        platform's refusals (a closed episode, a bad token...) raise :class:`~mledojo_client.errors.DojoError`.
        """
        name, step_params = _action(action, params)
        response = self.client.episodes.step(self._id(), name, step_params)
        observation: JsonObject = response.get("observation") or {}
        raw_reward = response.get("reward")
        done = bool(response.get("done"))
        info: JsonObject = dict(response.get("info") or {})
        info["episode_id"] = self.episode_id
        info["reward"] = raw_reward
        truncated = done and is_budget_end(observation)
        terminated = done and not truncated
        if done:
            self.done = True
            if isinstance(info.get("result"), dict):
                self.last_result = info["result"]
        return StepResult(observation, float(raw_reward) if raw_reward is not None else 0.0, terminated, truncated,
                          info)

    def close(self) -> Optional[JsonObject]:
        """Ends the episode and returns its final result (``valid``, ``humanRank``, ``medal``, ``finalScore``,
        ``feedbackScore``, ``steps``, ``endReason``...), scored on the final part of the answers; ``None`` if there is
        no episode yet, or (bound env) while the platform has not closed the episode."""
        if self.episode_id is None:
            return None
        if self.bound:
            try:
                view = self.client.episodes.get(self.episode_id)
            except Unauthorized:
                return self.last_result  # an episode token dies with its episode
            return view.get("result") or self.last_result
        view = self.client.episodes.close(self.episode_id)
        self.done = True
        self.last_result = view.get("result")
        return self.last_result

    # ---- keyword helpers: the platform's actions ---------------------------------------------------------------------

    def request_info(self, info_type: str = "all") -> StepResult:
        """Reads information about the task: one of :data:`INFO_TYPES`."""
        return self.step({"action": "request_info", "params": {"info_type": info_type}})

    def validate_code(self, code: str) -> StepResult:
        """Checks and runs Python code in the sandbox without scoring it."""
        return self.step({"action": "validate_code", "params": {"code": code}})

    def execute_code(self, code: str) -> StepResult:
        """Runs Python code in the sandbox; the submission file it writes is graded on the feedback part."""
        return self.step({"action": "execute_code", "params": {"code": code}})

    def get_history(self) -> StepResult:
        """The ``get_history`` action: the episode's steps so far as the agent's observation (counts as a step)."""
        return self.step({"action": "get_history", "params": {}})

    def reset_workspace(self) -> StepResult:
        """The ``reset`` action: empties the workspace; the episode, its steps and its best score go on."""
        return self.step({"action": "reset", "params": {}})

    # ---- reading -----------------------------------------------------------------------------------------------------

    def history(self) -> JsonObject:
        """The recorded environment history (``GET .../history``; not a step)."""
        return self.client.episodes.history(self._id())

    def episode(self) -> JsonObject:
        """The episode's current view (state, step count, budget, best score, result once closed)."""
        return self.client.episodes.get(self._id())

    def _id(self) -> str:
        if self.episode_id is None:
            raise RuntimeError("no episode yet: call reset() first")
        return self.episode_id


def _action(action: Union[Mapping[str, Any], str], params: Optional[Mapping[str, Any]]) -> Tuple[str, JsonObject]:
    if isinstance(action, str):
        return action, dict(params or {})
    if not isinstance(action, Mapping) or not isinstance(action.get("action"), str):
        raise TypeError("an action is {'action': 'execute_code', 'params': {'code': ...}}, got %r" % (action,))
    if params is not None:
        raise TypeError("pass params inside the action dict, or the action's name with params, not both")
    given = action.get("params") or {}
    if not isinstance(given, Mapping):
        raise TypeError("an action's params are a dict, got %r" % (given,))
    return action["action"], dict(given)


def _standing(view: Mapping[str, Any]) -> JsonObject:
    """The observation a bound env's reset returns: the platform's observation fields, from the episode's view."""
    steps = int(view.get("stepCount", 0))
    max_steps = int(view.get("maxSteps", 0))
    scores = {k: v for k, v in (("bestRaw", view.get("bestScore")), ("bestHumanRank", view.get("bestHumanRank")),
                                ("bestSubmission", view.get("bestSubmission"))) if v is not None}
    running = view.get("state") == "running"
    return {
        "action": "start",
        "status": "success",
        "feedback": "Episode %s on task %s: %s, %d of %d steps taken." % (
            view.get("id"), view.get("task"), view.get("state"), steps, max_steps),
        "result": {"actions": {name: "params: " + (", ".join(p) or "none") for name, p in ACTIONS.items()}},
        "scores": scores,
        "stepCount": steps,
        "remaining": {"steps": max(0, max_steps - steps)},  # the view does not say how much wall time is left
        "done": not running,
        **({} if running else {"doneReason": view.get("endReason")}),
    }


__all__ = ["ACTIONS", "INFO_TYPES", "Env", "StepResult", "is_budget_end"]
