"""An external agent written with the helper (external_agent_program.py) runs on the platform with its episode token."""

import os
import unittest
import uuid

from .under_test import PRACTICE_TASK, client, needs_platform

PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "external_agent_program.py")


@needs_platform
class ExternalAgentTest(unittest.TestCase):

    def test_a_ten_line_agent_steps_its_episode_and_the_platform_grades_it(self):
        api = client()
        name = "py-external-" + uuid.uuid4().hex[:8]
        agent = api.agents.create(name, "external", {"command": ["/usr/bin/python3", PROGRAM]})
        self.assertEqual(agent["kind"], "external")
        submission = api.submissions.create(name, tasks=[PRACTICE_TASK], max_steps=5,
                                            idempotency_key="py-" + name)
        seen = list(api.submissions.follow(submission["id"], poll_seconds=0.5, timeout=240))
        self.assertGreaterEqual(len(seen), 1)
        self.assertEqual(seen[-1]["progress"], 1.0)
        [episode] = api.submissions.results(submission["id"])
        self.assertEqual(episode["state"], "finished", episode)
        self.assertEqual(episode["endReason"], "the agent program ended")
        self.assertTrue(episode["result"]["valid"])
        self.assertEqual(episode["result"]["steps"], 2)
        steps = api.episodes.history(episode["id"])["steps"]
        self.assertEqual([(s["action"], s["status"]) for s in steps],
                         [("request_info", "success"), ("execute_code", "success")])
        # the execute_code reward is the feedback HumanRank of the submission the result counts
        view = api.episodes.get(episode["id"])
        self.assertEqual(steps[1]["reward"], view["bestHumanRank"])
        self.assertEqual(episode["result"]["submission"], view["bestSubmission"])

        # the submission's datasets: the RL lines are the episode's history step by step, the last one carries the
        # final reward; the SFT line is the episode with its outcome
        counted = api.datasets.count(submission=submission["id"])
        self.assertEqual((counted["episodes"], counted["steps"]), (1, 2))
        rl = list(api.datasets.lines("rl.jsonl", submission=submission["id"]))
        self.assertEqual([line["step"] for line in rl], [s["step"] for s in steps])
        self.assertEqual([line["action"]["action"] for line in rl], [s["action"] for s in steps])
        self.assertEqual([line["reward"] for line in rl], [s["reward"] for s in steps])
        self.assertEqual([line["done"] for line in rl], [False, True])
        self.assertEqual(rl[-1]["final_reward"], episode["result"]["humanRank"])
        self.assertEqual(rl[-1]["final"]["human_rank"], episode["result"]["humanRank"])
        self.assertTrue(all(line["episode"] == episode["id"] and line["task"] == PRACTICE_TASK for line in rl))
        [sft] = list(api.datasets.lines("sft.jsonl", submission=submission["id"], valid=True))
        self.assertEqual((sft["episode"], sft["steps"], sft["final_reward"]),
                         (episode["id"], 2, episode["result"]["humanRank"]))
        self.assertEqual(sft["agent"]["name"], name)
        self.assertEqual([m["role"] for m in sft["messages"][:2]], ["system", "user"])
        self.assertEqual(list(api.datasets.lines("rl.jsonl", submission=submission["id"], task="practice-text-classification")), [])


if __name__ == "__main__":
    unittest.main()
