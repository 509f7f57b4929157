"""MLEDojoEnv's spaces describe what the platform returns. Runs where gymnasium is installed (pip install gymnasium);
skipped otherwise. With a platform (DOJO_TEST_URL, DOJO_TEST_TOKEN) it also plays an episode through gymnasium.make.

    pip install gymnasium
    DOJO_TEST_URL=http://localhost:8080 DOJO_TEST_TOKEN=mld_... \\
        python3 -m unittest discover -s src/main/python/tests -t src/main/python -p test_gymnasium.py -v
"""

import unittest

try:
    import gymnasium
    import numpy as np
except ImportError:  # the reason is in the skip message
    gymnasium = None

from .under_test import MODEL_CODE, PRACTICE_TASK, TOKEN, URL

SAMPLE_OBSERVATION = {
    "action": "execute_code", "status": "success", "feedback": "=== Feedback ===\nscore 0.81 — rank ✓",
    "result": {"stdout": "rows 10"}, "scores": {"currentRaw": 0.81, "currentHumanRank": 0.5, "bestRaw": 0.81,
                                                "bestHumanRank": 0.5, "bestSubmission": 1},
    "stepCount": 3, "remaining": {"steps": 7, "wallTimeSeconds": 500}, "done": False,
}


@unittest.skipIf(gymnasium is None, "gymnasium is not installed: pip install gymnasium to check MLEDojoEnv's spaces")
class GymnasiumSpacesTest(unittest.TestCase):

    def test_the_spaces_contain_what_the_platform_returns_and_what_they_sample(self):
        import mledojo_client.gym as gym
        self.assertTrue(gym.GYMNASIUM_AVAILABLE)
        self.assertIn(gym.ENV_ID, gymnasium.envs.registry)
        env = gym.MLEDojoEnv(base_url="http://127.0.0.1:9", token="t", task=PRACTICE_TASK)
        self.assertIsInstance(env, gymnasium.Env)
        self.assertIsInstance(env.observation_space, gymnasium.spaces.Dict)
        flat = gym.flatten_observation(SAMPLE_OBSERVATION)
        self.assertEqual(set(flat), set(gym.OBSERVATION_KEYS))
        self.assertIn(flat, env.observation_space)
        np.testing.assert_array_equal(flat["score_mask"], [1, 1, 1, 1])
        start = gym.flatten_observation({"action": "start", "status": "success", "feedback": "", "scores": {},
                                         "stepCount": 0, "remaining": {"steps": 10, "wallTimeSeconds": 600},
                                         "done": False})
        self.assertIn(start, env.observation_space)
        np.testing.assert_array_equal(start["score_mask"], [0, 0, 0, 0])
        self.assertIn(env.observation_space.sample(), env.observation_space)
        self.assertIn({"action": "execute_code", "params": {"code": "print(1)"}}, env.action_space)
        self.assertIn({"action": "request_info", "params": {"info_type": "overview"}}, env.action_space)
        self.assertNotIn({"action": "request_info", "params": {"info_type": "secrets"}}, env.action_space)
        self.assertNotIn({"action": "execute_code", "params": {"cmd": "ls"}}, env.action_space)
        self.assertNotIn({"action": "fly"}, env.action_space)
        for _ in range(20):
            self.assertIn(env.action_space.sample(), env.action_space)

    @unittest.skipUnless(URL and TOKEN, "no platform: set DOJO_TEST_URL and DOJO_TEST_TOKEN")
    def test_an_episode_through_gymnasium_make(self):
        import mledojo_client.gym  # noqa: F401  (registers mledojo/Task-v0)
        env = gymnasium.make("mledojo/Task-v0", base_url=URL, token=TOKEN, task=PRACTICE_TASK, max_steps=3,
                             disable_env_checker=False)
        observation, info = env.reset(seed=1)
        self.assertIn(observation, env.observation_space)
        observation, reward, terminated, truncated, info = env.step(
            {"action": "execute_code", "params": {"code": MODEL_CODE}})
        self.assertIn(observation, env.observation_space)
        self.assertEqual(reward, info["observation"]["scores"]["currentHumanRank"])
        env.close()
        self.assertTrue(env.unwrapped.result["valid"])


if __name__ == "__main__":
    unittest.main()
