"""Starts an external agent inside the sandbox (MLE-Dojo; Python 3 standard library only).

argv: the loopback port to serve, the platform's socket, the agent's log, then the agent's command. The sandbox has no
network; this launcher listens on 127.0.0.1:<port> inside it and forwards each connection to the Unix socket that the
platform bind-mounted in, which leads to the platform's HTTP port and nowhere else. The episode token comes in a file
that is removed once read. The agent's output goes to its log; the launcher exits with the agent's status.
"""
import os
import socket
import sys
import threading

port, platform_socket, log, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
token_file = os.path.join(os.environ["HOME"], ".episode-token")
with open(token_file) as f:
    os.environ["DOJO_EPISODE_TOKEN"] = f.read().strip()
os.remove(token_file)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(64)

agent = os.fork()
if agent == 0:
    server.close()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    try:
        os.execvp(command[0], command)
    except OSError as e:
        os.write(2, ("cannot start %s: %s\n" % (command[0], e)).encode())
        os._exit(127)


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve():
    while True:
        try:
            client, _ = server.accept()
        except OSError:
            return
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(platform_socket)
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


threading.Thread(target=serve, daemon=True).start()
_, status = os.waitpid(agent, 0)
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
