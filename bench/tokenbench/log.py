"""Progress lines on stdout, time-stamped."""

import time


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
