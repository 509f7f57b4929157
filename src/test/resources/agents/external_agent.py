"""A tiny external agent for the tests (Python 3 stdlib only).

It reads DOJO_ENV_URL, DOJO_EPISODE_ID, DOJO_EPISODE_TOKEN and DOJO_LLM_BASE_URL, asks the LLM gateway once, steps the
environment (request_info, then execute_code writing a constant submission), and checks that its token cannot reach
another episode (argv[1]) or the admin API, that the host path argv[2] (the platform's data folder) does not exist where
it runs, and that nothing but the platform is reachable: neither the internet nor the platform's real port argv[3].
Its token goes into a comment of its code step so that the test can show that the token stops working once the
episode is closed. Any unexpected answer makes it exit with code 3.
"""
import json
import os
import socket
import sys
import urllib.error
import urllib.request

ENV = os.environ["DOJO_ENV_URL"]
TOKEN = os.environ["DOJO_EPISODE_TOKEN"]
PLATFORM = os.environ["DOJO_PLATFORM_URL"]
LLM = os.environ["DOJO_LLM_BASE_URL"]
OTHER_EPISODE, HOST_PATH, PLATFORM_PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def expect(status, wanted, what):
    if status != wanted:
        print(f"{what}: expected {wanted}, got {status}", flush=True)
        sys.exit(3)


if os.path.exists(HOST_PATH):
    print("the host's folder " + HOST_PATH + " is visible", flush=True)
    sys.exit(3)
for host, port in (("1.1.1.1", 80), ("127.0.0.1", PLATFORM_PORT)):
    try:
        socket.create_connection((host, port), timeout=3).close()
        print(f"reached {host}:{port} around the tunnel", flush=True)
        sys.exit(3)
    except OSError:
        pass

status, chat = call("POST", LLM + "/chat/completions",
                    {"model": "any", "messages": [{"role": "user", "content": "What should I do?"}]})
expect(status, 200, "llm gateway")
print("model says:", chat["choices"][0]["message"]["content"], flush=True)

status, episode = call("GET", ENV)
expect(status, 200, "own episode")
status, _ = call("POST", ENV + "/step", {"action": "request_info", "params": {"info_type": "overview"}})
expect(status, 200, "request_info")
code = ("# token: " + TOKEN + "\n"
        "import pandas as pd\n"
        "s = pd.read_csv('/data/sample_submission.csv')\n"
        "s[s.columns[1]] = 0.5\n"
        "s.to_csv('/workspace/submission.csv', index=False)\n")
status, stepped = call("POST", ENV + "/step", {"action": "execute_code", "params": {"code": code}})
expect(status, 200, "execute_code")
expect(stepped["observation"]["status"], "success", "execute_code status")
status, _ = call("GET", ENV + "/history")
expect(status, 200, "own history")

other = PLATFORM + "/api/v1/episodes/" + OTHER_EPISODE
expect(call("GET", other)[0], 403, "another episode")
expect(call("POST", other + "/step", {"action": "get_history", "params": {}})[0], 403, "another episode's step")
expect(call("GET", PLATFORM + "/api/v1/admin/users")[0], 403, "admin API")
expect(call("POST", PLATFORM + "/api/v1/episodes", {"task": "practice-tabular-binary"})[0], 403, "new episode")
expect(call("GET", PLATFORM + "/api/v1/agents")[0], 403, "agents API")
expect(call("DELETE", ENV)[0], 403, "closing (the runner closes)")
print("all checks passed", flush=True)
