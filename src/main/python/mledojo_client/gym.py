"""``MLEDojoEnv``: an MLE-Dojo task as a ``gymnasium.Env``, registered as ``mledojo/Task-v0``.

Needs ``gymnasium`` (and its ``numpy``); without it, importing this module still works and
``MLEDojoEnv(...)`` raises an ImportError that says so (``mledojo_client.Env`` offers the same episodes with plain
dicts and no dependency)::

    import gymnasium
    import mledojo_client.gym  # registers mledojo/Task-v0

    env = gymnasium.make("mledojo/Task-v0", base_url="http://localhost:8080", token="mld_...",
                         task="practice-tabular-binary", max_steps=10)
    observation, info = env.reset(seed=0)
    observation, reward, terminated, truncated, info = env.step(
        {"action": "execute_code", "params": {"code": "print(1)"}})

Observations follow :data:`OBSERVATION_KEYS` (the platform's observation, flattened to fixed keys: texts, counts,
four scores with a presence mask); ``info["observation"]`` holds the platform's whole observation.
"""

import string
from typing import Any, Dict, Mapping, Optional, Tuple

from .client import Client, JsonObject
from .env import ACTIONS, INFO_TYPES, Env

try:  # gymnasium is optional: the rest of the client never needs it
    import gymnasium
    import numpy as np
    from gymnasium import spaces
    _MISSING: Optional[ImportError] = None
except ImportError as e:  # pragma: no cover - depends on the installation
    gymnasium = None  # type: ignore[assignment]
    _MISSING = e

#: Whether gymnasium could be imported (then MLEDojoEnv is a real gymnasium.Env).
GYMNASIUM_AVAILABLE = _MISSING is None

#: The environment id :func:`register_envs` registers.
ENV_ID = "mledojo/Task-v0"

#: The keys of an MLEDojoEnv observation.
OBSERVATION_KEYS = ("action", "status", "feedback", "error_kind", "step_count", "remaining_steps",
                    "remaining_wall_time_s", "scores", "score_mask", "done")

#: The order of the four scores in ``observation["scores"]`` (``score_mask`` says which are present).
SCORE_NAMES = ("currentRaw", "currentHumanRank", "bestRaw", "bestHumanRank")

#: Longest feedback text the observation space admits (the platform caps captured output well below this).
MAX_TEXT = 10_000_000

_NAME_CHARS = string.ascii_lowercase + string.digits + "_()"
_INT_MAX = 2 ** 31 - 1


def _missing_message() -> str:
    return ("mledojo_client.gym.MLEDojoEnv needs gymnasium, which is not installed (%s); install it with "
            "'pip install gymnasium', or use mledojo_client.Env, the same environment without gymnasium" % _MISSING)


def flatten_observation(observation: Mapping[str, Any]) -> Dict[str, Any]:
    """The platform's observation as an :data:`OBSERVATION_KEYS` dict of the observation space (needs numpy)."""
    scores = observation.get("scores") or {}
    remaining = observation.get("remaining") or {}
    error = observation.get("error") or {}
    values = [scores.get(name) for name in SCORE_NAMES]
    return {
        "action": str(observation.get("action") or ""),
        "status": str(observation.get("status") or ""),
        "feedback": str(observation.get("feedback") or ""),
        "error_kind": str(error.get("kind") or "") if isinstance(error, dict) else "",
        "step_count": np.int64(observation.get("stepCount") or 0),
        "remaining_steps": np.int64(remaining.get("steps") or 0),
        "remaining_wall_time_s": np.int64(remaining.get("wallTimeSeconds") or 0),
        "scores": np.array([float(v) if v is not None else 0.0 for v in values], dtype=np.float64),
        "score_mask": np.array([1 if v is not None else 0 for v in values], dtype=np.int8),
        "done": int(bool(observation.get("done"))),
    }


if GYMNASIUM_AVAILABLE:

    class UnicodeText(spaces.Text):
        """A text space for text the platform writes (feedback, program output): any characters, of a length within
        bounds. ``sample()`` draws from printable ASCII; ``contains()`` accepts every string of a fitting length,
        because feedback quotes programs' output, which may hold any character."""

        def __init__(self, max_length: int, *, min_length: int = 0, seed: Any = None) -> None:
            super().__init__(max_length, min_length=min_length, charset=string.printable, seed=seed)

        def contains(self, x: Any) -> bool:
            return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

        def __repr__(self) -> str:
            return "UnicodeText(%d, %d)" % (self.min_length, self.max_length)

    class ActionSpace(spaces.Space):
        """The platform's actions: ``{"action": name, "params": {...}}`` with a name of :data:`ACTIONS` and only that
        action's params, as strings (``info_type`` one of :data:`INFO_TYPES`)."""

        def __init__(self, seed: Any = None) -> None:
            super().__init__(None, None, seed)
            self.actions = dict(ACTIONS)

        @property
        def is_np_flattenable(self) -> bool:
            return False

        def contains(self, x: Any) -> bool:
            if not isinstance(x, Mapping) or set(x) - {"action", "params"} or x.get("action") not in self.actions:
                return False
            params = x.get("params") or {}
            allowed = self.actions[x["action"]]
            if not isinstance(params, Mapping) or set(params) - set(allowed):
                return False
            if not all(isinstance(v, str) for v in params.values()):
                return False
            return "info_type" not in params or params["info_type"] in INFO_TYPES

        def sample(self, mask: Any = None, probability: Any = None) -> Dict[str, Any]:
            """A random action: an info request, a short program, or a parameterless action."""
            names = sorted(self.actions)
            name = names[int(self.np_random.integers(len(names)))]
            if name == "request_info":
                params = {"info_type": INFO_TYPES[int(self.np_random.integers(len(INFO_TYPES)))]}
            elif "code" in self.actions[name]:
                params = {"code": "print(%d)" % int(self.np_random.integers(1000))}
            else:
                params = {}
            return {"action": name, "params": params}

        def __repr__(self) -> str:
            return "ActionSpace(%s)" % ", ".join(sorted(self.actions))

        def __eq__(self, other: object) -> bool:
            return isinstance(other, ActionSpace) and other.actions == self.actions

    def observation_space() -> "spaces.Dict":
        """The space of :func:`flatten_observation`'s dicts."""
        count = spaces.Box(low=0, high=_INT_MAX, shape=(), dtype=np.int64)
        return spaces.Dict({
            "action": spaces.Text(64, min_length=0, charset=_NAME_CHARS),
            "status": spaces.Text(32, min_length=0, charset=_NAME_CHARS),
            "feedback": UnicodeText(MAX_TEXT),
            "error_kind": spaces.Text(64, min_length=0, charset=_NAME_CHARS),
            "step_count": count,
            "remaining_steps": count,
            "remaining_wall_time_s": spaces.Box(low=0, high=_INT_MAX, shape=(), dtype=np.int64),
            "scores": spaces.Box(low=-np.inf, high=np.inf, shape=(len(SCORE_NAMES),), dtype=np.float64),
            "score_mask": spaces.MultiBinary(len(SCORE_NAMES)),
            "done": spaces.Discrete(2),
        })

    class MLEDojoEnv(gymnasium.Env):
        """An MLE-Dojo task as a ``gymnasium.Env`` (``mledojo/Task-v0``).

        Args:
            base_url, token: the platform and a personal API token (or pass ``client``).
            task: the task of every episode (``reset(options={"task": ...})`` overrides it).
            episode_id: bind to a running episode (an external agent's, with its episode token) instead.
            max_steps, wall_time_s, score_mode: the budget and reward mode of created episodes.
        """

        metadata = {"render_modes": ["ansi"]}

        def __init__(self, base_url: Optional[str] = None, token: Optional[str] = None, task: Optional[str] = None,
                     *, client: Optional[Client] = None, episode_id: Optional[str] = None,
                     max_steps: Optional[int] = None, wall_time_s: Optional[int] = None,
                     score_mode: Optional[str] = None, render_mode: Optional[str] = None) -> None:
            super().__init__()
            if client is None:
                if base_url is None:
                    raise ValueError("pass base_url and token, or client")
                client = Client(base_url, token)
            self.env = Env(client, task, episode_id=episode_id, max_steps=max_steps, wall_time_s=wall_time_s,
                           score_mode=score_mode)
            self.observation_space = observation_space()
            self.action_space = ActionSpace()
            self.render_mode = render_mode
            self._last: JsonObject = {}

        def reset(self, *, seed: Optional[int] = None,
                  options: Optional[Dict[str, Any]] = None) -> Tuple[Dict[str, Any], Dict[str, Any]]:
            super().reset(seed=seed)
            observation, info = self.env.reset(seed=seed, options=options)
            self._last = observation
            return flatten_observation(observation), dict(info, observation=observation)

        def step(self, action: Mapping[str, Any]) -> Tuple[Dict[str, Any], float, bool, bool, Dict[str, Any]]:
            observation, reward, terminated, truncated, info = self.env.step(action)
            self._last = observation
            return flatten_observation(observation), reward, terminated, truncated, dict(info, observation=observation)

        def render(self) -> Optional[str]:
            """``ansi``: the last feedback text."""
            return str(self._last.get("feedback") or "") if self.render_mode == "ansi" else None

        def close(self) -> None:
            """Closes the episode; its final result stays in :attr:`result`."""
            self.result = self.env.close() if self.env.episode_id is not None and not self.env.bound else None
            super().close()

    def register_envs() -> None:
        """Registers ``mledojo/Task-v0`` with gymnasium (done when this module is imported)."""
        if ENV_ID not in gymnasium.envs.registry:
            gymnasium.register(id=ENV_ID, entry_point="mledojo_client.gym:MLEDojoEnv")

    register_envs()

else:

    class MLEDojoEnv:  # type: ignore[no-redef]
        """Stands in for the gymnasium environment when gymnasium is missing: constructing it raises ImportError."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise ImportError(_missing_message())

    def register_envs() -> None:  # type: ignore[misc]
        """Raises ImportError: there is no gymnasium to register with."""
        raise ImportError(_missing_message())


__all__ = ["ENV_ID", "GYMNASIUM_AVAILABLE", "MLEDojoEnv", "OBSERVATION_KEYS", "SCORE_NAMES", "flatten_observation",
           "register_envs"]
