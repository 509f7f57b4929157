"""An external agent written with mledojo_client.agent: the platform runs it for one episode (see test_agent)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the source tree; not when installed
from mledojo_client.agent import run

CODE = ("import pandas as pd\ns = pd.read_csv('/data/sample_submission.csv')\n"
        "s[s.columns[1]] = 0.5\ns.to_csv('/workspace/submission.csv', index=False)\n")
PLAN = [{"action": "request_info", "params": {"info_type": "overview"}}, {"action": "execute_code", "params": {"code": CODE}}]

run(lambda observation: PLAN[observation["stepCount"]] if observation["stepCount"] < len(PLAN) else None)
