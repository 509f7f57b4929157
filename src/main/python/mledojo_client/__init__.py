"""MLE-Dojo's Python client: the platform's API, a Gym-style environment and a helper for external agents.

Standard library only (Python >= 3.9)::

    from mledojo_client import Client, Env

    client = Client("http://localhost:8080", token="mld_...")
    env = Env(client, task="practice-tabular-binary")
    observation, info = env.reset()
    observation, reward, terminated, truncated, info = env.execute_code("print('hello')")
    result = env.close()

``mledojo_client.gym`` adds ``MLEDojoEnv``, a ``gymnasium.Env``, when gymnasium is installed;
``mledojo_client.agent`` turns an external agent program into a few lines.
"""

from .client import Agents, Client, Episodes, Submissions, Tasks
from .env import Env, StepResult
from .errors import (
    BudgetExhausted,
    Conflict,
    DojoConnectionError,
    DojoError,
    Forbidden,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    QuotaExceeded,
    RateLimited,
    ServerError,
    Unauthorized,
    UpstreamFailed,
)

__version__ = "0.1.0"

__all__ = [
    "Agents",
    "BudgetExhausted",
    "Client",
    "Conflict",
    "DojoConnectionError",
    "DojoError",
    "Env",
    "Episodes",
    "Forbidden",
    "InvalidRequest",
    "NotFound",
    "PayloadTooLarge",
    "QuotaExceeded",
    "RateLimited",
    "ServerError",
    "StepResult",
    "Submissions",
    "Tasks",
    "Unauthorized",
    "UpstreamFailed",
    "__version__",
]
