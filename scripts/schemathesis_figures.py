"""Count a schemathesis run's responses by status class and judge whether it reached the API.

Reads the HAR file schemathesis writes (``--report har``) and prints one line:
``<database> <caller>: requests=N 2xx=… 3xx=… 4xx=… 5xx=… 401=… 403=… 404=… operations=M``.
Exits non-zero when the run cannot have exercised the API: no requests, most responses 404
(wrong paths: the run only met the catch-all), or, for a logged-in caller, most answers
"not logged in" (401, or session authentication's 403 ``not_authenticated``: the session
was not taken); and when any API answer is an HTML page instead of JSON. A 5xx fails the
run through schemathesis's own check.
"""

import argparse
import json
import sys
from collections import Counter
from urllib.parse import urlsplit


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("har")
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--caller", default="anonymous")
    args = parser.parse_args()
    with open(args.har, encoding="utf-8") as stream:
        entries = json.load(stream)["log"]["entries"]
    statuses = [int(entry["response"]["status"]) for entry in entries]
    anonymous = sum(1 for entry in entries if _not_logged_in(entry))
    html = sum(
        1
        for entry in entries
        if "html" in (entry["response"]["content"].get("mimeType") or "")
    )
    paths = {
        (entry["request"]["method"], urlsplit(entry["request"]["url"]).path)
        for entry in entries
    }
    classes = Counter(f"{status // 100}xx" for status in statuses)
    exact = Counter(statuses)
    total = len(statuses)
    figures = " ".join(f"{name}={classes.get(name, 0)}" for name in _CLASSES)
    print(
        f"{args.database} {args.caller}: requests={total} {figures} "
        f"401={exact[401]} 403={exact[403]} 404={exact[404]} "
        f"distinct_method_paths={len(paths)} not_logged_in={anonymous} html={html}"
    )
    if total == 0:
        print("no requests were made", file=sys.stderr)
        return 1
    if exact[404] * 2 > total:
        print("most responses are 404: the run did not reach the API", file=sys.stderr)
        return 1
    if args.caller != "anonymous" and anonymous * 2 > total:
        print("most answers are 'not logged in': no session", file=sys.stderr)
        return 1
    if html:
        print(f"{html} API answers are HTML pages, not JSON", file=sys.stderr)
        return 1
    return 0


def _not_logged_in(entry: dict) -> bool:  # type: ignore[type-arg]
    status = int(entry["response"]["status"])
    if status == 401:
        return True
    if status != 403:
        return False
    try:
        body = json.loads(entry["response"]["content"].get("text") or "{}")
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == "not_authenticated"


_CLASSES = ("2xx", "3xx", "4xx", "5xx")

if __name__ == "__main__":
    sys.exit(main())
