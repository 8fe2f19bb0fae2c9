"""A webhook receiver for the integration tests: a separate process on 127.0.0.1.

    python webhook_receiver.py PORT LOG ANSWERS

ANSWERS says what the n-th request gets, comma-separated: a status code, or ``hold`` (keep the
request open for a minute without answering: the sender is killed meanwhile). Later requests get 200.
Each request is appended to LOG as one JSON line (headers, body, answer) before it is answered.
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, log_path, answers = int(sys.argv[1]), sys.argv[2], [a for a in sys.argv[3].split(",") if a]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            answer = answers.pop(0) if answers else "200"
            with open(log_path, "a", encoding="utf-8") as log:
                entry = {
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode(),
                    "answer": answer,
                }
                log.write(json.dumps(entry) + "\n")
        if answer == "hold":
            time.sleep(60)
            answer = "200"
        try:
            self.send_response(int(answer))
            self.end_headers()
            self.wfile.write(b"ok" if answer == "200" else b"storing")
        except OSError:
            pass  # the sender is gone

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
