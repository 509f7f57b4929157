"""A helper for external agent programs: the platform starts the program for one episode and tells it where to go.

The platform passes (see ``ExternalProcessPolicy`` and the sandbox launcher):

* ``DOJO_PLATFORM_URL``: the platform's base URL as the program reaches it;
* ``DOJO_ENV_URL``: the episode's environment, ``<platform>/api/v1/episodes/<id>``;
* ``DOJO_EPISODE_ID``: the episode's id;
* ``DOJO_EPISODE_TOKEN``: the episode token (``mle_ep_...``), valid for this episode while it runs;
* ``DOJO_LLM_BASE_URL``: the platform's OpenAI-compatible LLM gateway for this episode (same token).

A whole agent::

    from mledojo_client.agent import run

    CODE = "import pandas as pd\\n..."

    def policy(observation):
        if observation["stepCount"] == 0:
            return {"action": "execute_code", "params": {"code": CODE}}
        return None  # stop: the platform closes the episode when the program ends

    run(policy)
"""

import os
from typing import Any, Callable, Mapping, Optional, Tuple

from .client import Client, JsonObject
from .env import Env

#: A policy maps the last observation to the next action (``{"action": ..., "params": {...}}``), or ``None`` to stop.
Policy = Callable[[JsonObject], Optional[Mapping[str, Any]]]


def episode_from_environment(environ: Optional[Mapping[str, str]] = None) -> Tuple[str, str, str]:
    """``(platform_url, episode_id, episode_token)`` from the variables the platform passes to external agents.

    ``DOJO_PLATFORM_URL`` and ``DOJO_EPISODE_ID`` are read when present, otherwise both come from ``DOJO_ENV_URL``.

    Raises:
        RuntimeError: when the program was not started by the platform (the variables are missing).
    """
    env = os.environ if environ is None else environ
    token = env.get("DOJO_EPISODE_TOKEN")
    env_url = (env.get("DOJO_ENV_URL") or "").rstrip("/")
    platform = env.get("DOJO_PLATFORM_URL")
    episode = env.get("DOJO_EPISODE_ID")
    marker = "/api/v1/episodes/"
    if env_url and marker in env_url:
        head, tail = env_url.split(marker, 1)
        platform = platform or head
        episode = episode or tail
    missing = [name for name, value in (("DOJO_EPISODE_TOKEN", token), ("DOJO_ENV_URL or DOJO_PLATFORM_URL", platform),
                                        ("DOJO_EPISODE_ID", episode)) if not value]
    if missing:
        raise RuntimeError("not started by the MLE-Dojo platform as an external agent: %s not set"
                           % ", ".join(missing))
    return str(platform).rstrip("/"), str(episode), str(token)


def episode_env_from_environment(environ: Optional[Mapping[str, str]] = None, *, timeout: float = 900.0) -> Env:
    """The :class:`~mledojo_client.env.Env` bound to the episode the platform started this program for."""
    platform, episode, token = episode_from_environment(environ)
    return Env(Client(platform, token, timeout=timeout), episode_id=episode)


def run(policy: Policy, *, env: Optional[Env] = None, max_steps: Optional[int] = None) -> Optional[JsonObject]:
    """Drives the episode: ``action = policy(observation)`` until the policy returns ``None``, the episode ends
    (terminated or truncated) or ``max_steps`` steps were taken.

    Returns:
        the episode's result when a step ended the episode (a budget), else ``None``: the platform computes the result
        when the program exits.
    """
    env = env or episode_env_from_environment()
    observation, _ = env.reset()
    steps = 0
    while not env.done and (max_steps is None or steps < max_steps):
        action = policy(observation)
        if action is None:
            break
        observation, _, terminated, truncated, _ = env.step(action)
        steps += 1
        if terminated or truncated:
            break
    return env.last_result


__all__ = ["Policy", "episode_env_from_environment", "episode_from_environment", "run"]
