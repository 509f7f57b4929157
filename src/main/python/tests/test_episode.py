"""A full episode through Env against the platform under test, budgets ending as truncated, typed errors."""

import math
import unittest

from mledojo_client import Client, Env, errors

from .under_test import MODEL_CODE, PRACTICE_TASK, URL, client, needs_platform


@needs_platform
class FullEpisodeTest(unittest.TestCase):

    def test_every_action_a_humanrank_reward_and_the_final_result_on_close(self):
        env = Env(client(), task=PRACTICE_TASK, max_steps=10)
        observation, info = env.reset(seed=3)
        self.assertEqual(info["task"], PRACTICE_TASK)
        self.assertEqual(observation["action"], "start")
        self.assertIn("execute_code", observation["result"]["actions"])
        self.assertEqual(observation["remaining"]["steps"], 10)

        observation, reward, terminated, truncated, info = env.request_info("overview")
        self.assertEqual((observation["action"], observation["status"]), ("request_info", "success"))
        self.assertTrue(observation["feedback"])
        self.assertEqual((reward, terminated, truncated, info["step"]), (0.0, False, False, 1))

        observation, reward, terminated, truncated, _ = env.validate_code("print('checking')")
        self.assertEqual((observation["action"], observation["status"]), ("validate_code", "success"))
        self.assertEqual((reward, terminated, truncated), (0.0, False, False))

        observation, reward, terminated, truncated, info = env.execute_code(MODEL_CODE)
        self.assertEqual(observation["status"], "success", observation["feedback"])
        scores = observation["scores"]
        # the reward is the feedback part's HumanRank of this submission, as the observation and the history say
        self.assertEqual(reward, scores["currentHumanRank"])
        self.assertEqual(reward, info["reward"])
        self.assertTrue(0.0 <= reward <= 1.0)
        self.assertEqual(scores["bestHumanRank"], reward)
        self.assertFalse(terminated or truncated)

        observation, reward, _, _, info = env.get_history()
        self.assertEqual((observation["action"], observation["status"], reward), ("get_history", "success", 0.0))

        observation, _, _, _, info = env.reset_workspace()
        self.assertEqual((observation["action"], observation["status"], info["step"]), ("reset", "success", 5))

        history = env.history()
        self.assertEqual([s["action"] for s in history["steps"]],
                         ["request_info", "validate_code", "execute_code", "get_history", "reset"])
        self.assertEqual(history["steps"][2]["reward"], scores["currentHumanRank"])
        exported = env.client.episodes.export_env_history(env.episode_id)
        self.assertEqual(exported["step_count"], 5)
        self.assertEqual(exported["best_position_score"], scores["currentHumanRank"])
        trajectory = env.client.episodes.export_agent_trajectory(env.episode_id)
        self.assertEqual(len(trajectory), 10)

        result = env.close()
        self.assertTrue(result["valid"])
        self.assertEqual(result["steps"], 5)
        self.assertEqual(result["submission"], scores["bestSubmission"])
        self.assertEqual(result["feedbackScore"], scores["currentRaw"])
        self.assertTrue(0.0 <= result["humanRank"] <= 1.0 and not math.isnan(result["finalScore"]))
        view = env.episode()
        self.assertEqual(view["state"], "finished")
        self.assertEqual(view["result"], result)
        # closing again is harmless and returns the same result
        self.assertEqual(env.close(), result)

    def test_a_new_reset_closes_the_previous_episode(self):
        env = Env(client(), task=PRACTICE_TASK, max_steps=3)
        env.reset()
        first = env.episode_id
        env.reset(options={"task": PRACTICE_TASK, "max_steps": 4})
        self.assertNotEqual(env.episode_id, first)
        self.assertEqual(env.client.episodes.get(first)["state"], "finished")
        self.assertEqual(env.episode()["maxSteps"], 4)
        env.close()


@needs_platform
class BudgetTest(unittest.TestCase):

    def test_the_step_budget_ends_the_episode_as_truncated_with_the_result(self):
        with Env(client(), task=PRACTICE_TASK, max_steps=2) as env:
            env.reset()
            _, _, terminated, truncated, _ = env.request_info("name")
            self.assertEqual((terminated, truncated), (False, False))
            observation, _, terminated, truncated, info = env.request_info("name")
            self.assertEqual((terminated, truncated), (False, True))
            self.assertTrue(observation["done"])
            self.assertIn("step budget exhausted", observation["doneReason"])
            self.assertEqual(info["state"], "finished")
            self.assertEqual(info["result"]["steps"], 2)
            self.assertFalse(info["result"]["valid"])
            self.assertTrue(env.done)
            self.assertEqual(env.close(), info["result"])
            # the episode is over: a further step is refused with a typed error
            with self.assertRaises(errors.Conflict) as raised:
                env.request_info("name")
            self.assertEqual(raised.exception.slug, "episode-closed")
            self.assertIn("start a new one", str(raised.exception))


@needs_platform
class ErrorTest(unittest.TestCase):

    def test_an_unknown_task_is_not_found_with_the_platforms_detail(self):
        with self.assertRaises(errors.NotFound) as raised:
            Env(client(), task="no-such-task").reset()
        e = raised.exception
        self.assertEqual(str(e), "There is no task 'no-such-task'.")
        self.assertEqual((e.status, e.slug, e.title), (404, "unknown-task", "Not found"))
        with self.assertRaises(errors.NotFound):
            client().tasks.get("no-such-task")

    def test_a_bad_token_is_unauthorized(self):
        with self.assertRaises(errors.Unauthorized) as raised:
            Client(URL, "mld_not-a-real-token").agents.list()
        self.assertEqual(raised.exception.status, 401)
        self.assertTrue(str(raised.exception))

    def test_a_bad_budget_names_its_field(self):
        with self.assertRaises(errors.InvalidRequest) as raised:
            client().episodes.create(PRACTICE_TASK, max_steps=0)
        self.assertEqual(raised.exception.field, "budget.max_steps")
        self.assertIn("budget.max_steps must be between 1", str(raised.exception))

    def test_a_wrong_action_is_an_error_observation_not_an_exception(self):
        with Env(client(), task=PRACTICE_TASK, max_steps=3) as env:
            env.reset()
            observation, reward, terminated, truncated, _ = env.step({"action": "fly", "params": {}})
            self.assertEqual(observation["status"], "error")
            self.assertEqual((reward, terminated, truncated), (0.0, False, False))

    def test_the_catalogue_lists_the_practice_task_publicly(self):
        ids = [t["id"] for t in Client(URL).tasks.list(q="practice")]
        self.assertIn(PRACTICE_TASK, ids)
        self.assertEqual(Client(URL).tasks.get(PRACTICE_TASK)["id"], PRACTICE_TASK)


if __name__ == "__main__":
    unittest.main()
