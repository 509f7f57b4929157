"""Parts of the client that need no platform: problem mapping, the agent's variables, actions, the gymnasium stand-in."""

import unittest

from mledojo_client import errors
from mledojo_client.agent import episode_from_environment
from mledojo_client.env import _action, is_budget_end


class ProblemMappingTest(unittest.TestCase):

    def test_each_status_and_429_kind_gets_its_exception_with_the_detail_as_message(self):
        base = "https://mle-dojo.dev/problems/"
        cases = [(400, "invalid-budget", "Bad request", errors.InvalidRequest),
                 (401, "unauthorized", "Sign-in required", errors.Unauthorized),
                 (403, "not-your-episode", "Forbidden", errors.Forbidden),
                 (404, "unknown-task", "Not found", errors.NotFound),
                 (409, "episode-closed", "Conflict", errors.Conflict),
                 (413, "body-too-large", "Payload too large", errors.PayloadTooLarge),
                 (429, "llm-budget-exhausted", "Budget exhausted", errors.BudgetExhausted),
                 (429, "rate-limited", "Too many requests", errors.RateLimited),
                 (429, "quota-exceeded", "Quota exceeded", errors.QuotaExceeded),
                 (500, "internal", "Internal error", errors.ServerError),
                 (502, "llm-failed", "Upstream service failed", errors.UpstreamFailed)]
        for status, slug, title, cls in cases:
            e = errors.error_from_problem(status, {"type": base + slug, "title": title, "status": status,
                                                   "detail": "what happened to " + slug, "field": "budget.max_steps"})
            self.assertIs(type(e), cls, slug)
            self.assertIsInstance(e, errors.DojoError)
            self.assertEqual(str(e), "what happened to " + slug)
            self.assertEqual((e.status, e.slug, e.title, e.field), (status, slug, title, "budget.max_steps"))

    def test_a_body_that_is_not_problem_json_still_gives_a_typed_error(self):
        e = errors.error_from_problem(404, None, "plain text from a proxy")
        self.assertIsInstance(e, errors.NotFound)
        self.assertEqual(str(e), "plain text from a proxy")
        self.assertEqual(e.type, "https://mle-dojo.dev/problems/http-404")

    def test_quota_errors_say_when_to_retry(self):
        e = errors.error_from_problem(429, {"type": "x/quota-exceeded", "title": "Quota exceeded", "detail": "d",
                                            "retryAfterSeconds": 60})
        self.assertEqual(e.retry_after, 60.0)


class AgentEnvironmentTest(unittest.TestCase):

    def test_the_platforms_variables_name_the_episode(self):
        env = {"DOJO_ENV_URL": "http://127.0.0.1:8000/api/v1/episodes/ep-1", "DOJO_PLATFORM_URL": "http://127.0.0.1:8000",
               "DOJO_EPISODE_ID": "ep-1", "DOJO_EPISODE_TOKEN": "mle_ep_x", "DOJO_LLM_BASE_URL": "http://127.0.0.1:8000/api/v1/llm/v1"}
        self.assertEqual(episode_from_environment(env), ("http://127.0.0.1:8000", "ep-1", "mle_ep_x"))

    def test_the_environment_url_alone_is_enough(self):
        env = {"DOJO_ENV_URL": "http://h:1/api/v1/episodes/ep-2/", "DOJO_EPISODE_TOKEN": "mle_ep_y"}
        self.assertEqual(episode_from_environment(env), ("http://h:1", "ep-2", "mle_ep_y"))

    def test_a_program_not_started_by_the_platform_is_told_so(self):
        with self.assertRaises(RuntimeError) as raised:
            episode_from_environment({"DOJO_ENV_URL": "http://h/api/v1/episodes/e"})
        self.assertIn("DOJO_EPISODE_TOKEN", str(raised.exception))


class ActionTest(unittest.TestCase):

    def test_actions_as_dicts_or_names(self):
        self.assertEqual(_action({"action": "execute_code", "params": {"code": "1"}}, None), ("execute_code", {"code": "1"}))
        self.assertEqual(_action("request_info", {"info_type": "all"}), ("request_info", {"info_type": "all"}))
        self.assertEqual(_action({"action": "get_history"}, None), ("get_history", {}))
        with self.assertRaises(TypeError):
            _action({"params": {}}, None)

    def test_budget_ends_are_told_from_other_ends(self):
        self.assertTrue(is_budget_end({"done": True, "doneReason": "step budget exhausted (2 steps)"}))
        self.assertTrue(is_budget_end({"done": True, "error": {"kind": "budget_exhausted"}}))
        self.assertFalse(is_budget_end({"done": True, "doneReason": "the agent program ended"}))


class GymnasiumStandInTest(unittest.TestCase):

    def test_without_gymnasium_the_env_class_refuses_with_a_clear_import_error(self):
        import mledojo_client.gym as gym
        if gym.GYMNASIUM_AVAILABLE:
            self.skipTest("gymnasium is installed: test_gymnasium checks the real class")
        with self.assertRaises(ImportError) as raised:
            gym.MLEDojoEnv(base_url="http://localhost:8080", token="t", task="x")
        self.assertIn("needs gymnasium", str(raised.exception))
        self.assertIn("pip install gymnasium", str(raised.exception))
        with self.assertRaises(ImportError):
            gym.register_envs()


if __name__ == "__main__":
    unittest.main()


class DatasetSelectionTest(unittest.TestCase):

    def test_selections_map_to_the_platform_paths_and_bad_options_are_refused_before_any_call(self):
        from mledojo_client.client import Datasets
        self.assertEqual(Datasets._where("rl.jsonl", {"task": "t", "valid": True, "ended_from": "2026-01-01"}),
                         ("/api/v1/datasets/rl.jsonl", {"task": "t", "valid": True, "from": "2026-01-01"}))
        self.assertEqual(Datasets._where("count", {"agent": "my agent", "owner": "demo", "version": 2}),
                         ("/api/v1/datasets/agents/demo/my%20agent/count", {"version": 2}))
        self.assertEqual(Datasets._where("sft.jsonl", {"submission": 7, "limit": None}),
                         ("/api/v1/datasets/submissions/7/sft.jsonl", {}))
        with self.assertRaisesRegex(ValueError, "unknown dataset options: colour"):
            Datasets._where("rl.jsonl", {"colour": "red"})
        with self.assertRaisesRegex(ValueError, "owner"):
            Datasets._where("rl.jsonl", {"agent": "a"})
        with self.assertRaisesRegex(ValueError, "not both"):
            Datasets._where("rl.jsonl", {"agent": "a", "owner": "o", "submission": 1})
